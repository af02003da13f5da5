package dev.ferry.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every code point against a table typed in from the IANA "STUN Parameters" registries as the RFCs
 * define them (RFC 8489 §18, RFC 8656 §17-§19, RFC 6062 §6, RFC 5780 §9, RFC 8016 §4, RFC 7635 §6,
 * RFC 8445 §16.1).
 */
class IanaCodePointsTest {
  private static final Map<Integer, String> METHODS =
      Map.of(
          0x001, "Binding",
          0x003, "Allocate",
          0x004, "Refresh",
          0x006, "Send",
          0x007, "Data",
          0x008, "CreatePermission",
          0x009, "ChannelBind",
          0x00A, "Connect",
          0x00B, "ConnectionBind",
          0x00C, "ConnectionAttempt");

  private static final Object[][] ATTRIBUTES = {
    {0x0001, "MAPPED-ADDRESS"},
    {0x0003, "CHANGE-REQUEST"},
    {0x0006, "USERNAME"},
    {0x0008, "MESSAGE-INTEGRITY"},
    {0x0009, "ERROR-CODE"},
    {0x000A, "UNKNOWN-ATTRIBUTES"},
    {0x000C, "CHANNEL-NUMBER"},
    {0x000D, "LIFETIME"},
    {0x0012, "XOR-PEER-ADDRESS"},
    {0x0013, "DATA"},
    {0x0014, "REALM"},
    {0x0015, "NONCE"},
    {0x0016, "XOR-RELAYED-ADDRESS"},
    {0x0017, "REQUESTED-ADDRESS-FAMILY"},
    {0x0018, "EVEN-PORT"},
    {0x0019, "REQUESTED-TRANSPORT"},
    {0x001A, "DONT-FRAGMENT"},
    {0x001B, "ACCESS-TOKEN"},
    {0x001C, "MESSAGE-INTEGRITY-SHA256"},
    {0x001D, "PASSWORD-ALGORITHM"},
    {0x001E, "USERHASH"},
    {0x0020, "XOR-MAPPED-ADDRESS"},
    {0x0022, "RESERVATION-TOKEN"},
    {0x0024, "PRIORITY"}, // RFC 8445
    {0x0025, "USE-CANDIDATE"}, // RFC 8445
    {0x0026, "PADDING"},
    {0x0027, "RESPONSE-PORT"},
    {0x002A, "CONNECTION-ID"},
    {0x8000, "ADDITIONAL-ADDRESS-FAMILY"},
    {0x8001, "ADDRESS-ERROR-CODE"},
    {0x8002, "PASSWORD-ALGORITHMS"},
    {0x8003, "ALTERNATE-DOMAIN"},
    {0x8004, "ICMP"},
    {0x8022, "SOFTWARE"},
    {0x8023, "ALTERNATE-SERVER"},
    {0x8028, "FINGERPRINT"},
    {0x8029, "ICE-CONTROLLED"}, // RFC 8445
    {0x802A, "ICE-CONTROLLING"}, // RFC 8445
    {0x802B, "RESPONSE-ORIGIN"},
    {0x802C, "OTHER-ADDRESS"},
    {0x802E, "THIRD-PARTY-AUTHORIZATION"},
    {0x8030, "MOBILITY-TICKET"},
  };

  private static final Object[][] ERRORS = {
    {300, "Try Alternate"},
    {400, "Bad Request"},
    {401, "Unauthenticated"},
    {403, "Forbidden"},
    {405, "Mobility Forbidden"},
    {420, "Unknown Attribute"},
    {437, "Allocation Mismatch"},
    {438, "Stale Nonce"},
    {440, "Address Family not Supported"},
    {441, "Wrong Credentials"},
    {442, "Unsupported Transport Protocol"},
    {443, "Peer Address Family Mismatch"},
    {446, "Connection Already Exists"},
    {447, "Connection Timeout or Failure"},
    {486, "Allocation Quota Reached"},
    {500, "Server Error"},
    {508, "Insufficient Capacity"},
  };

  @Test
  void methods_matchRegistry() {
    METHODS.forEach(
        (code, name) -> {
          assertThat(StunMethod.name(code)).isEqualTo(name);
          assertThat(StunMethod.isKnown(code)).isTrue();
        });
    assertThat(StunMethod.isKnown(0x002)).isFalse();
    assertThat(StunMethod.isKnown(0x005)).isFalse();
    assertThat(StunMethod.isKnown(0x00D)).isFalse();
    assertThat(
            new int[] {
              StunMethod.BINDING,
              StunMethod.ALLOCATE,
              StunMethod.REFRESH,
              StunMethod.SEND,
              StunMethod.DATA,
              StunMethod.CREATE_PERMISSION,
              StunMethod.CHANNEL_BIND,
              StunMethod.CONNECT,
              StunMethod.CONNECTION_BIND,
              StunMethod.CONNECTION_ATTEMPT
            })
        .containsExactlyInAnyOrder(METHODS.keySet().stream().mapToInt(Integer::intValue).toArray());
  }

  @Test
  void attributes_matchRegistry() {
    int[] expected = Arrays.stream(ATTRIBUTES).mapToInt(row -> (Integer) row[0]).toArray();
    assertThat(AttributeType.all()).containsExactlyInAnyOrder(expected);
    for (Object[] row : ATTRIBUTES) {
      int code = (Integer) row[0];
      assertThat(AttributeType.name(code)).isEqualTo(row[1]);
      assertThat(AttributeType.isKnown(code)).isTrue();
      assertThat(AttributeType.isComprehensionRequired(code)).isEqualTo(code < 0x8000);
    }
  }

  @Test
  void attributeConstants_haveRegistryValues() {
    assertThat(AttributeType.XOR_MAPPED_ADDRESS).isEqualTo(0x0020);
    assertThat(AttributeType.MESSAGE_INTEGRITY_SHA256).isEqualTo(0x001C);
    assertThat(AttributeType.FINGERPRINT).isEqualTo(0x8028);
    assertThat(AttributeType.XOR_PEER_ADDRESS).isEqualTo(0x0012);
    assertThat(AttributeType.XOR_RELAYED_ADDRESS).isEqualTo(0x0016);
    assertThat(AttributeType.REQUESTED_TRANSPORT).isEqualTo(0x0019);
    assertThat(AttributeType.CONNECTION_ID).isEqualTo(0x002A);
    assertThat(AttributeType.MOBILITY_TICKET).isEqualTo(0x8030);
    assertThat(AttributeType.ACCESS_TOKEN).isEqualTo(0x001B);
    assertThat(AttributeType.ADDITIONAL_ADDRESS_FAMILY).isEqualTo(0x8000);
    assertThat(AttributeType.PRIORITY).isEqualTo(0x0024);
    assertThat(AttributeType.USE_CANDIDATE).isEqualTo(0x0025);
    assertThat(AttributeType.ICE_CONTROLLED).isEqualTo(0x8029);
    assertThat(AttributeType.ICE_CONTROLLING).isEqualTo(0x802A);
  }

  @Test
  void unknownAttribute_isNotKnownAndNamedInHex() {
    // 0x0021 is "Reserved (was TIMER-VAL)" (RFC 8656 §18).
    assertThat(AttributeType.isKnown(0x0021)).isFalse();
    assertThat(AttributeType.name(0x0021)).isEqualTo("0x0021");
  }

  @Test
  void isKnown_agreesWithCatalogueForEverySixteenBitType() {
    Set<Integer> known = new HashSet<>();
    for (int t : AttributeType.all()) {
      known.add(t);
    }
    List<String> disagreements = new ArrayList<>();
    for (int t = 0; t <= 0xFFFF; t++) {
      if (AttributeType.isKnown(t) != known.contains(t)) {
        disagreements.add(AttributeType.name(t));
      }
    }
    assertThat(disagreements).isEmpty();
  }

  @Test
  void isKnown_outsideSixteenBits_isFalse() {
    assertThat(AttributeType.isKnown(0x10000 | AttributeType.USERNAME)).isFalse();
    assertThat(AttributeType.isKnown(-1)).isFalse();
    assertThat(AttributeType.isKnown(Integer.MIN_VALUE)).isFalse();
  }

  @Test
  void errorCodes_matchRegistryPhrases() {
    for (Object[] row : ERRORS) {
      assertThat(ErrorCodes.reasonPhrase((Integer) row[0])).isEqualTo(row[1]);
    }
    assertThat(ErrorCodes.ALLOCATION_QUOTA_REACHED).isEqualTo(486);
    assertThat(ErrorCodes.INSUFFICIENT_CAPACITY).isEqualTo(508);
    assertThat(ErrorCodes.STALE_NONCE).isEqualTo(438);
  }
}

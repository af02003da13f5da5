package dev.ferry.turn.dispatch;

import static dev.ferry.turn.dispatch.TurnHarness.CLIENT;
import static dev.ferry.turn.dispatch.TurnHarness.CLIENT2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.attribute.ErrorCode;
import dev.ferry.stun.attribute.Lifetime;
import dev.ferry.stun.attribute.Nonce;
import dev.ferry.stun.attribute.Realm;
import dev.ferry.stun.attribute.ReservationToken;
import dev.ferry.stun.attribute.UnknownAttributes;
import dev.ferry.stun.attribute.XorMappedAddress;
import dev.ferry.stun.attribute.XorRelayedAddress;
import dev.ferry.stun.integrity.MessageIntegrity;
import dev.ferry.turn.TurnClient;
import dev.ferry.turn.allocation.AllocationLimits;
import dev.ferry.turn.allocation.LifetimePolicy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 8656 §7.2 Allocate checks, one per test, through the UDP pipeline. */
class AllocateTest {
  private TurnHarness h = new TurnHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private void use(TurnHarness harness) {
    h.close();
    h = harness;
  }

  private StunMessage allocate(
      TurnClient client,
      InetSocketAddress from,
      java.util.function.Consumer<dev.ferry.stun.StunWriter> attrs) {
    return TurnClient.wrap(h.exchange(client.request(StunMethod.ALLOCATE, attrs), from));
  }

  @Test
  void allocate_withoutCredentials_returns401WithRealmAndNonce() {
    TurnClient client = new TurnClient("alice", "alice-pass");
    StunMessage m = allocate(client, CLIENT, w -> w.requestedTransport(17));
    assertThat(m.messageClass()).isEqualTo(MessageClass.ERROR_RESPONSE);
    assertThat(ErrorCode.code(m)).isEqualTo(401);
    assertThat(Realm.read(m)).isEqualTo(TurnHarness.REALM);
    assertThat(Nonce.read(m)).isNotEmpty();
    assertThat(m.contains(AttributeType.MESSAGE_INTEGRITY)).isFalse();
    assertThat(h.counter("turn.auth.failures", "reason", "no_integrity")).isEqualTo(1);
  }

  @Test
  void allocate_wrongPassword_returns401() {
    TurnClient client = h.authenticated(new TurnClient("alice", "wrong"), CLIENT);
    StunMessage m = allocate(client, CLIENT, w -> w.requestedTransport(17));
    assertThat(ErrorCode.code(m)).isEqualTo(401);
  }

  @Test
  void allocate_success_returnsRelayedLifetimeMappedAndIntegrity() {
    TurnClient client = h.alice(CLIENT);
    StunMessage m = allocate(client, CLIENT, w -> w.requestedTransport(17));
    assertThat(m.messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
    InetSocketAddress relayed = XorRelayedAddress.read(m);
    assertThat(relayed.getAddress()).isEqualTo(TurnHarness.SERVER.getAddress());
    assertThat(relayed.getPort()).isBetween(TurnHarness.MIN_PORT, TurnHarness.MIN_PORT + 9);
    assertThat(Lifetime.read(m)).isEqualTo(600);
    assertThat(XorMappedAddress.read(m)).isEqualTo(CLIENT);
    assertThat(m.contains(AttributeType.SOFTWARE)).isTrue();
    assertThat(MessageIntegrity.check(m, client.key())).isTrue();
    assertThat(h.relay(relayed)).isNotNull();
    assertThat(h.ports.inUse()).isEqualTo(1);
    assertThat(h.counter("turn.allocations", "result", "success")).isEqualTo(1);
    assertThat(h.registry.find("turn.allocations.active").gauge().value()).isEqualTo(1);
  }

  @Test
  void allocate_sha256Integrity_answersWithSha256() {
    TurnClient client = h.authenticated(new TurnClient("alice", "alice-pass"), CLIENT);
    client.useSha256Integrity();
    StunMessage m = allocate(client, CLIENT, w -> w.requestedTransport(17));
    assertThat(m.messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
    assertThat(m.contains(AttributeType.MESSAGE_INTEGRITY)).isFalse();
    assertThat(MessageIntegrity.checkSha256(m, client.key())).isTrue();
  }

  @Test
  void allocate_lifetimeAboveMaximum_isCappedAt3600() {
    TurnClient client = h.alice(CLIENT);
    StunMessage m = allocate(client, CLIENT, w -> w.requestedTransport(17).lifetime(99_999));
    assertThat(Lifetime.read(m)).isEqualTo(3600);
  }

  @Test
  void allocate_retransmitted_returnsSameSuccess() {
    TurnClient client = h.alice(CLIENT);
    byte[] id = client.newTransactionId();
    byte[] first =
        h.exchange(client.request(StunMethod.ALLOCATE, id, w -> w.requestedTransport(17)), CLIENT);
    byte[] again =
        h.exchange(client.request(StunMethod.ALLOCATE, id, w -> w.requestedTransport(17)), CLIENT);
    assertThat(again).isEqualTo(first);
    assertThat(h.relays.byPort).hasSize(1);
  }

  @Test
  void allocate_otherTransactionOnSameFiveTuple_returns437() {
    TurnClient client = h.alice(CLIENT);
    h.allocate(client, CLIENT);
    StunMessage m = allocate(client, CLIENT, w -> w.requestedTransport(17));
    assertThat(ErrorCode.code(m)).isEqualTo(437);
    assertThat(MessageIntegrity.check(m, client.key())).isTrue();
  }

  @Test
  void allocate_withoutRequestedTransport_returns400() {
    TurnClient client = h.alice(CLIENT);
    assertThat(ErrorCode.code(allocate(client, CLIENT, w -> {}))).isEqualTo(400);
    assertThat(h.ports.inUse()).isZero();
  }

  @Test
  void allocate_malformedRequestedTransport_returns400() {
    TurnClient client = h.alice(CLIENT);
    StunMessage m =
        allocate(
            client, CLIENT, w -> w.attribute(AttributeType.REQUESTED_TRANSPORT, new byte[] {17}));
    assertThat(ErrorCode.code(m)).isEqualTo(400);
  }

  @Test
  void allocate_requestedTransportTcp_returns442() {
    TurnClient client = h.alice(CLIENT);
    assertThat(ErrorCode.code(allocate(client, CLIENT, w -> w.requestedTransport(6))))
        .isEqualTo(442);
  }

  @Test
  void allocate_dontFragmentOnNio_returns420ListingIt() {
    TurnClient client = h.alice(CLIENT);
    StunMessage m = allocate(client, CLIENT, w -> w.requestedTransport(17).dontFragment());
    assertThat(ErrorCode.code(m)).isEqualTo(420);
    int[] unknown = new int[4];
    assertThat(UnknownAttributes.read(m, unknown)).isEqualTo(1);
    assertThat(unknown[0]).isEqualTo(AttributeType.DONT_FRAGMENT);
    assertThat(h.relays.byPort).isEmpty();
  }

  @Test
  void allocate_dontFragment_setsDfOnRelaySocket() {
    h.relays.dontFragment = true;
    TurnClient client = h.alice(CLIENT);
    StunMessage m = allocate(client, CLIENT, w -> w.requestedTransport(17).dontFragment());
    assertThat(m.messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
    int port = XorRelayedAddress.read(m).getPort();
    assertThat(h.relays.dfByPort).containsExactly(Map.entry(port, true));
  }

  @Test
  void allocate_withoutDontFragment_clearsDfOnRelaySocket() {
    h.relays.dontFragment = true;
    TurnClient client = h.alice(CLIENT);
    StunMessage m = allocate(client, CLIENT, w -> w.requestedTransport(17));
    int port = XorRelayedAddress.read(m).getPort();
    assertThat(h.relays.dfByPort).containsExactly(Map.entry(port, false));
  }

  @Test
  void allocate_reservationTokenWithEvenPort_returns400() {
    TurnClient client = h.alice(CLIENT);
    StunMessage m =
        allocate(client, CLIENT, w -> w.requestedTransport(17).reservationToken(7).evenPort(false));
    assertThat(ErrorCode.code(m)).isEqualTo(400);
  }

  @Test
  void allocate_reservationTokenWithAddressFamily_returns400() {
    TurnClient client = h.alice(CLIENT);
    StunMessage m =
        allocate(
            client,
            CLIENT,
            w -> w.requestedTransport(17).reservationToken(7).requestedAddressFamily(1));
    assertThat(ErrorCode.code(m)).isEqualTo(400);
  }

  @Test
  void allocate_unknownReservationToken_returns508() {
    TurnClient client = h.alice(CLIENT);
    StunMessage m = allocate(client, CLIENT, w -> w.requestedTransport(17).reservationToken(7));
    assertThat(ErrorCode.code(m)).isEqualTo(508);
  }

  @Test
  void allocate_bothAddressFamilies_returns400() {
    TurnClient client = h.alice(CLIENT);
    StunMessage m =
        allocate(
            client,
            CLIENT,
            w -> w.requestedTransport(17).requestedAddressFamily(1).additionalAddressFamily(2));
    assertThat(ErrorCode.code(m)).isEqualTo(400);
  }

  @Test
  void allocate_unknownAddressFamily_returns440() {
    TurnClient client = h.alice(CLIENT);
    StunMessage m =
        allocate(client, CLIENT, w -> w.requestedTransport(17).requestedAddressFamily(3));
    assertThat(ErrorCode.code(m)).isEqualTo(440);
  }

  @Test
  void allocate_ipv6WithoutIpv6RelayAddress_returns440() {
    TurnClient client = h.alice(CLIENT);
    StunMessage m =
        allocate(client, CLIENT, w -> w.requestedTransport(17).requestedAddressFamily(2));
    assertThat(ErrorCode.code(m)).isEqualTo(440);
    assertThat(h.counter("turn.allocations", "result", "address_family_not_supported"))
        .isEqualTo(1);
  }

  @Test
  void allocate_evenPortReserve_returnsEvenPortAndTokenThatAnotherClientCanClaim() {
    TurnClient client = h.alice(CLIENT);
    StunMessage m = allocate(client, CLIENT, w -> w.requestedTransport(17).evenPort(true));
    InetSocketAddress relayed = XorRelayedAddress.read(m);
    assertThat(relayed.getPort() % 2).isZero();
    assertThat(ReservationToken.isPresentAndWellFormed(m)).isTrue();
    long token = ReservationToken.read(m);
    assertThat(h.ports.inUse()).isEqualTo(2);

    TurnClient other = h.alice(CLIENT2);
    StunMessage claimed =
        allocate(other, CLIENT2, w -> w.requestedTransport(17).reservationToken(token));
    assertThat(XorRelayedAddress.read(claimed).getPort()).isEqualTo(relayed.getPort() + 1);
    StunMessage twice =
        allocate(
            h.alice(new InetSocketAddress("192.0.2.3", 1)),
            new InetSocketAddress("192.0.2.3", 1),
            w -> w.requestedTransport(17).reservationToken(token));
    assertThat(ErrorCode.code(twice)).isEqualTo(508);
  }

  @Test
  void allocate_evenPortWithoutReserve_returnsEvenPort() {
    TurnClient client = h.alice(CLIENT);
    StunMessage m = allocate(client, CLIENT, w -> w.requestedTransport(17).evenPort(false));
    assertThat(XorRelayedAddress.read(m).getPort() % 2).isZero();
    assertThat(m.contains(AttributeType.RESERVATION_TOKEN)).isFalse();
  }

  @Test
  void allocate_additionalFamilyIpv6_succeedsWithAddressErrorCode() {
    TurnClient client = h.alice(CLIENT);
    StunMessage m =
        allocate(client, CLIENT, w -> w.requestedTransport(17).additionalAddressFamily(2));
    assertThat(m.messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
    assertThat(m.contains(AttributeType.ADDRESS_ERROR_CODE)).isTrue();
  }

  @Test
  void allocate_additionalFamilyIpv4_returns400() {
    TurnClient client = h.alice(CLIENT);
    StunMessage m =
        allocate(client, CLIENT, w -> w.requestedTransport(17).additionalAddressFamily(1));
    assertThat(ErrorCode.code(m)).isEqualTo(400);
  }

  @Test
  void allocate_overUserQuota_returns486() {
    AllocationLimits one =
        new AllocationLimits(LifetimePolicy.RFC_DEFAULTS, 8, 8, 1, 100, Duration.ofSeconds(40), 64);
    use(new TurnHarness(one, 10, 100));
    h.allocate(h.alice(CLIENT), CLIENT);
    StunMessage m = allocate(h.alice(CLIENT2), CLIENT2, w -> w.requestedTransport(17));
    assertThat(ErrorCode.code(m)).isEqualTo(486);
    assertThat(h.counter("turn.allocations", "result", "quota_reached")).isEqualTo(1);
  }

  @Test
  void allocate_portsExhausted_returns508() {
    use(new TurnHarness(AllocationLimits.DEFAULTS, 1, 100));
    h.allocate(h.alice(CLIENT), CLIENT);
    StunMessage m = allocate(h.alice(CLIENT2), CLIENT2, w -> w.requestedTransport(17));
    assertThat(ErrorCode.code(m)).isEqualTo(508);
    assertThat(h.services.loops().forLoop(h.channel.eventLoop()).table().pendingCount()).isZero();
  }

  @Test
  void allocate_bindFails_marksPortUnusableAndTriesAnother() {
    use(new TurnHarness(AllocationLimits.DEFAULTS, 2, 100));
    h.relays.failing.add(TurnHarness.MIN_PORT);
    InetSocketAddress relayed = h.allocate(h.alice(CLIENT), CLIENT);
    assertThat(relayed.getPort()).isEqualTo(TurnHarness.MIN_PORT + 1);
  }

  @Test
  void allocate_allButOnePortHeldElsewhere_findsTheFreeOne() {
    use(new TurnHarness(AllocationLimits.DEFAULTS, 16, 100));
    for (int port = TurnHarness.MIN_PORT; port < TurnHarness.MIN_PORT + 15; port++) {
      h.relays.failing.add(port);
    }
    InetSocketAddress relayed = h.allocate(h.alice(CLIENT), CLIENT);
    assertThat(relayed.getPort()).isEqualTo(TurnHarness.MIN_PORT + 15);
  }

  @Test
  void allocate_everyPortFailsToBind_returns508() {
    use(new TurnHarness(AllocationLimits.DEFAULTS, 2, 100));
    h.relays.failing.add(TurnHarness.MIN_PORT);
    h.relays.failing.add(TurnHarness.MIN_PORT + 1);
    StunMessage m = allocate(h.alice(CLIENT), CLIENT, w -> w.requestedTransport(17));
    assertThat(ErrorCode.code(m)).isEqualTo(508);
    assertThat(h.ports.unusable()).isEqualTo(2);
  }

  @Test
  void unauthenticated_overLimit_isDroppedAndCounted() {
    use(new TurnHarness(AllocationLimits.DEFAULTS, 10, 2));
    TurnClient client = new TurnClient("alice", "alice-pass");
    h.exchange(client.request(StunMethod.ALLOCATE, w -> w.requestedTransport(17)), CLIENT);
    h.exchange(client.request(StunMethod.ALLOCATE, w -> w.requestedTransport(17)), CLIENT);
    h.receive(client.request(StunMethod.ALLOCATE, w -> w.requestedTransport(17)), CLIENT);
    assertThat(h.nextTo(CLIENT)).isNull();
    assertThat(h.registry.find("stun.unauthenticated.limited").counter().count()).isEqualTo(1);
  }

  @Test
  void binding_onTurnListener_stillAnswered() {
    byte[] answer = h.exchange(dev.ferry.turn.StunTestMessages.bindingRequest(), CLIENT);
    StunMessage m = TurnClient.wrap(answer);
    assertThat(m.messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
    assertThat(XorMappedAddress.read(m)).isEqualTo(CLIENT);
  }
}

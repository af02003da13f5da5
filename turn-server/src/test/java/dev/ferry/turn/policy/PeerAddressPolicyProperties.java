package dev.ferry.turn.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class PeerAddressPolicyProperties {

  private static final PeerAddressPolicy DEFAULTS = PeerAddressPolicy.builder().build();

  private static byte[] mapped(int a) {
    return ipv6(0, 0xffff_0000_0000L | (a & 0xffff_ffffL));
  }

  private static byte[] nat64(int a) {
    return ipv6(0x0064_ff9b_0000_0000L, a & 0xffff_ffffL);
  }

  private static byte[] sixToFour(int a) {
    return ipv6(0x2002_0000_0000_0000L | ((a & 0xffff_ffffL) << 16), 0);
  }

  private static byte[] teredo(int server, int client) {
    return ipv6(0x2001_0000_0000_0000L | (server & 0xffff_ffffL), ~client & 0xffff_ffffL);
  }

  private static byte[] ipv6(long hi, long lo) {
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (hi >>> (56 - 8 * i));
      b[8 + i] = (byte) (lo >>> (56 - 8 * i));
    }
    return b;
  }

  private static byte[] ipv4(int a) {
    return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
  }

  /** What a 6to4 address decides given its embedded IPv4's decision (RFC 8656 §21.4). */
  private static PeerDecision expectedSixToFour(PeerDecision plain) {
    return plain.allowed() ? PeerDecision.of(PeerDecision.Reason.TUNNELED) : plain;
  }

  @Property(tries = 2000)
  void check_ipv4InEverySpelling_sameDecision(@ForAll("interestingIpv4") int a) {
    PeerDecision plain = DEFAULTS.check(ipv4(a));

    assertThat(DEFAULTS.check(mapped(a))).isSameAs(plain);
    assertThat(DEFAULTS.check(nat64(a))).isSameAs(plain);
    assertThat(DEFAULTS.check(sixToFour(a))).isSameAs(expectedSixToFour(plain));
  }

  @Property(tries = 2000)
  void check_sixToFourWithTunnelsAllowed_sameVerdictAsIpv4(@ForAll("interestingIpv4") int a) {
    PeerAddressPolicy policy = PeerAddressPolicy.builder().allowed(List.of("2002::/16")).build();
    PeerDecision plain = policy.check(ipv4(a));
    PeerDecision tunneled = policy.check(sixToFour(a));

    assertThat(tunneled.allowed()).isEqualTo(plain.allowed());
    if (!plain.allowed()) {
      assertThat(tunneled).isSameAs(plain);
    }
  }

  @Property(tries = 300)
  void check_ipv4InEverySpellingUnderAnyIpv4Lists_sameDecision(
      @ForAll("ipv4Entries") List<String> allowed,
      @ForAll("ipv4Entries") List<String> denied,
      @ForAll boolean allowLoopback,
      @ForAll("interestingIpv4") int a) {
    PeerAddressPolicy policy =
        PeerAddressPolicy.builder()
            .allowed(allowed)
            .denied(denied)
            .allowLoopbackPeers(allowLoopback)
            .build();
    PeerDecision plain = policy.check(ipv4(a));

    assertThat(policy.check(mapped(a))).isSameAs(plain);
    assertThat(policy.check(nat64(a))).isSameAs(plain);
    assertThat(policy.check(sixToFour(a))).isSameAs(expectedSixToFour(plain));
  }

  @Property(tries = 2000)
  void check_teredoWithTunnelsAllowed_deniedExactlyWhenServerOrClientDenied(
      @ForAll("interestingIpv4") int server, @ForAll("interestingIpv4") int client) {
    PeerAddressPolicy policy = PeerAddressPolicy.builder().allowed(List.of("2001::/32")).build();
    boolean expected = policy.checkIpv4(server).allowed() && policy.checkIpv4(client).allowed();

    assertThat(policy.check(teredo(server, client)).allowed()).isEqualTo(expected);
    assertThat(DEFAULTS.check(teredo(server, client)).allowed()).isFalse();
  }

  @Property(tries = 2000)
  void check_denyListedAddress_neverAllowedWhateverElse(
      @ForAll("interestingIpv4") int a, @ForAll boolean allowLoopback) {
    String literal = AddressRange.ipv4Text(a);
    PeerAddressPolicy policy =
        PeerAddressPolicy.builder()
            .allowed(List.of("0.0.0.0/0"))
            .denied(List.of(literal))
            .allowLoopbackPeers(allowLoopback)
            .build();

    assertThat(policy.check(ipv4(a)).allowed()).isFalse();
    assertThat(policy.check(mapped(a)).allowed()).isFalse();
    assertThat(policy.check(nat64(a)).allowed()).isFalse();
  }

  @Property(tries = 2000)
  void check_arbitraryBytes_neverThrows(@ForAll @Size(max = 20) byte[] address) {
    PeerDecision decision = DEFAULTS.check(address);

    assertThat(decision.allowed())
        .isEqualTo(
            decision.reason() == PeerDecision.Reason.PUBLIC
                || decision.reason() == PeerDecision.Reason.ALLOWED_BY_CONFIG);
  }

  @Property(tries = 500)
  void containsIpv4_agreesWithLinearScanOfRanges(
      @ForAll("ipv4Entries") List<String> entries, @ForAll("interestingIpv4") int a) {
    AddressRangeList list = AddressRangeList.parse(entries);
    boolean linear = false;
    for (AddressRange r : list.ranges()) {
      linear |= r.containsIpv4(a);
    }

    assertThat(list.containsIpv4(a)).isEqualTo(linear);
  }

  @Property(tries = 500)
  void parse_toStringOfRange_readsBackEqual(@ForAll("ipv4Entries") List<String> entries) {
    for (String entry : entries) {
      AddressRange r = AddressRange.parse(entry);
      String text = r.toString();

      assertThat(AddressRange.parse(text)).isEqualTo(r);
    }
  }

  /** Any address, with extra weight on the edges of the special ranges. */
  @Provide
  Arbitrary<Integer> interestingIpv4() {
    List<Integer> edges = new ArrayList<>();
    for (String cidr :
        List.of(
            "0.0.0.0/8",
            "10.0.0.0/8",
            "100.64.0.0/10",
            "127.0.0.0/8",
            "169.254.0.0/16",
            "172.16.0.0/12",
            "192.0.0.0/24",
            "192.0.2.0/24",
            "192.168.0.0/16",
            "198.18.0.0/15",
            "198.51.100.0/24",
            "203.0.113.0/24",
            "224.0.0.0/4",
            "240.0.0.0/4")) {
      AddressRange r = AddressRange.parse(cidr);
      int first = (int) r.firstLo();
      int last = (int) r.lastLo();
      edges.addAll(List.of(first - 1, first, first + 1, last - 1, last, last + 1));
    }
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.integers()),
        net.jqwik.api.Tuple.of(2, Arbitraries.of(edges)));
  }

  /** Lists of IPv4 entries in all three coturn spellings. */
  @Provide
  Arbitrary<List<String>> ipv4Entries() {
    Arbitrary<Integer> address = interestingIpv4();
    Arbitrary<String> single = address.map(AddressRange::ipv4Text);
    Arbitrary<String> cidr =
        Combinators.combine(address, Arbitraries.integers().between(0, 32))
            .as(
                (a, prefix) -> {
                  int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
                  return AddressRange.ipv4Text(a & mask) + "/" + prefix;
                });
    Arbitrary<String> dash =
        Combinators.combine(address, address)
            .as(
                (a, b) ->
                    Integer.compareUnsigned(a, b) <= 0
                        ? AddressRange.ipv4Text(a) + "-" + AddressRange.ipv4Text(b)
                        : AddressRange.ipv4Text(b) + "-" + AddressRange.ipv4Text(a));
    return Arbitraries.oneOf(single, cidr, dash).list().ofMaxSize(5);
  }
}

package dev.ferry.turn.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.turn.policy.PeerDecision.Reason;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeerAddressPolicyTest {

  private static final PeerAddressPolicy DEFAULTS = PeerAddressPolicy.builder().build();

  private static Reason reason(PeerAddressPolicy policy, String literal) {
    return policy.check(IpLiterals.parse(literal)).reason();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // 0.0.0.0/8
    "0.0.0.0, UNSPECIFIED",
    "0.255.255.255, UNSPECIFIED",
    "1.0.0.0, PUBLIC",
    // 10/8
    "9.255.255.255, PUBLIC",
    "10.0.0.0, PRIVATE",
    "10.255.255.255, PRIVATE",
    "11.0.0.0, PUBLIC",
    // 100.64/10
    "100.63.255.255, PUBLIC",
    "100.64.0.0, CGNAT",
    "100.127.255.255, CGNAT",
    "100.128.0.0, PUBLIC",
    // 127/8
    "126.255.255.255, PUBLIC",
    "127.0.0.0, LOOPBACK",
    "127.255.255.255, LOOPBACK",
    "128.0.0.0, PUBLIC",
    // 169.254/16
    "169.253.255.255, PUBLIC",
    "169.254.0.0, LINK_LOCAL",
    "169.254.255.255, LINK_LOCAL",
    "169.255.0.0, PUBLIC",
    // 172.16/12
    "172.15.255.255, PUBLIC",
    "172.16.0.0, PRIVATE",
    "172.31.255.255, PRIVATE",
    "172.32.0.0, PUBLIC",
    // 192.0.0/24
    "191.255.255.255, PUBLIC",
    "192.0.0.0, PROTOCOL_ASSIGNMENTS",
    "192.0.0.255, PROTOCOL_ASSIGNMENTS",
    "192.0.1.0, PUBLIC",
    // 192.0.2/24
    "192.0.1.255, PUBLIC",
    "192.0.2.0, DOCUMENTATION",
    "192.0.2.255, DOCUMENTATION",
    "192.0.3.0, PUBLIC",
    // 192.168/16
    "192.167.255.255, PUBLIC",
    "192.168.0.0, PRIVATE",
    "192.168.255.255, PRIVATE",
    "192.169.0.0, PUBLIC",
    // 198.18/15
    "198.17.255.255, PUBLIC",
    "198.18.0.0, BENCHMARKING",
    "198.19.255.255, BENCHMARKING",
    "198.20.0.0, PUBLIC",
    // 198.51.100/24
    "198.51.99.255, PUBLIC",
    "198.51.100.0, DOCUMENTATION",
    "198.51.100.255, DOCUMENTATION",
    "198.51.101.0, PUBLIC",
    // 203.0.113/24
    "203.0.112.255, PUBLIC",
    "203.0.113.0, DOCUMENTATION",
    "203.0.113.255, DOCUMENTATION",
    "203.0.114.0, PUBLIC",
    // 224/4, then 240/4 and the broadcast address inside it
    "223.255.255.255, PUBLIC",
    "224.0.0.0, MULTICAST",
    "239.255.255.255, MULTICAST",
    "240.0.0.0, RESERVED",
    "255.255.255.254, RESERVED",
    "255.255.255.255, BROADCAST",
    // public
    "8.8.8.8, PUBLIC",
  })
  void check_ipv4DefaultRangeEdges_matchReason(String address, Reason expected) {
    assertThat(reason(DEFAULTS, address)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "::, UNSPECIFIED",
    "::1, LOOPBACK",
    // ::2 is IPv4-compatible 0.0.0.2
    "::2, UNSPECIFIED",
    // fe80::/10
    "fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED",
    "fe80::, LINK_LOCAL",
    "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff, LINK_LOCAL",
    // fec0::/10
    "fec0::, SITE_LOCAL",
    "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, SITE_LOCAL",
    // ff00::/8
    "ff00::, MULTICAST",
    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, MULTICAST",
    // fc00::/7
    "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED",
    "fc00::, UNIQUE_LOCAL",
    "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, UNIQUE_LOCAL",
    "fe00::, RESERVED",
    // 2001:db8::/32
    "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff, PUBLIC",
    "2001:db8::, DOCUMENTATION",
    "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, DOCUMENTATION",
    "2001:db9::, PUBLIC",
    // 3fff::/20
    "3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff, PUBLIC",
    "3fff::, DOCUMENTATION",
    "3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff, DOCUMENTATION",
    "3fff:1000::, PUBLIC",
    // 2001:2::/48
    "2001:1:ffff:ffff:ffff:ffff:ffff:ffff, PUBLIC",
    "2001:2::, BENCHMARKING",
    "2001:2:0:ffff:ffff:ffff:ffff:ffff, BENCHMARKING",
    "2001:2:1::, PUBLIC",
    // 6to4 2002::/16 and Teredo 2001::/32 (public embedded addresses: 8.8.8.8)
    "2001:0:808:808::f7f7:f7f7, TUNNELED",
    "2001:0:808:808:ffff:ffff:f7f7:f7f7, TUNNELED",
    "2001:1::, PUBLIC",
    "2002:808:808::, TUNNELED",
    "2002:808:808:ffff:ffff:ffff:ffff:ffff, TUNNELED",
    "2003::, PUBLIC",
    // 100::/64 and the unassigned space around 2000::/3
    "100::, RESERVED",
    "100::ffff:ffff:ffff:ffff, RESERVED",
    "1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED",
    "2000::, PUBLIC",
    "3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, PUBLIC",
    "4000::, RESERVED",
    // public
    "2606:4700::1111, PUBLIC",
  })
  void check_ipv6DefaultRangeEdges_matchReason(String address, Reason expected) {
    assertThat(reason(DEFAULTS, address)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "::ffff:127.0.0.1",
    "::127.0.0.1",
    "::ffff:0:127.0.0.1",
    "64:ff9b::7f00:1",
    "64:ff9b:1:7f00:0:100::",
    "2002:7f00:1::",
    "2002:7f00:1:5:6:7:8:9",
  })
  void check_loopbackInEveryEmbedding_deniedAsLoopback(String address) {
    assertThat(reason(DEFAULTS, address)).isEqualTo(Reason.LOOPBACK);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "::ffff:10.1.2.3",
    "::10.1.2.3",
    "::ffff:0:10.1.2.3",
    "64:ff9b::a01:203",
    "64:ff9b:1:a01:2:300::",
    "2002:a01:203::1",
    // Teredo with server 10.1.2.3 and public client 1.2.3.4 (inverted: fefd:fcfb)
    "2001:0:a01:203::fefd:fcfb",
    // Teredo with public server 8.8.8.8 and client 10.1.2.3 (inverted: f5fe:fdfc)
    "2001:0:808:808::f5fe:fdfc",
  })
  void check_privateInEveryEmbedding_deniedAsPrivate(String address) {
    assertThat(reason(DEFAULTS, address)).isEqualTo(Reason.PRIVATE);
  }

  @Test
  void check_teredoWithPrivateClientAndServer_denied() {
    // server 192.168.1.1 = c0a8:101, client 10.0.0.1 inverted = f5ff:fffe
    assertThat(reason(DEFAULTS, "2001:0:c0a8:101::f5ff:fffe")).isEqualTo(Reason.PRIVATE);
  }

  @Test
  void check_teredoWithPublicClientAndServer_deniedAsTunneled() {
    // server 8.8.8.8, client 1.2.3.4 inverted = fefd:fcfb
    assertThat(reason(DEFAULTS, "2001:0:808:808:8000:ffff:fefd:fcfb")).isEqualTo(Reason.TUNNELED);
  }

  @Test
  void check_sixToFourOfPublicAddress_deniedAsTunneled() {
    assertThat(reason(DEFAULTS, "2002:808:808::1")).isEqualTo(Reason.TUNNELED);
  }

  @Test
  void check_allowedTunnelPrefixes_openPublicButNotPrivateEmbeddings() {
    PeerAddressPolicy policy =
        PeerAddressPolicy.builder().allowed(List.of("2002::/16", "2001::/32")).build();

    assertThat(reason(policy, "2002:808:808::1")).isEqualTo(Reason.ALLOWED_BY_CONFIG);
    assertThat(reason(policy, "2001:0:808:808:8000:ffff:fefd:fcfb"))
        .isEqualTo(Reason.ALLOWED_BY_CONFIG);
    assertThat(reason(policy, "2002:7f00:1::")).isEqualTo(Reason.LOOPBACK);
    assertThat(reason(policy, "2001:0:c0a8:101::f5ff:fffe")).isEqualTo(Reason.PRIVATE);
  }

  @Test
  void check_nat64OfPublicAddress_allowed() {
    assertThat(reason(DEFAULTS, "64:ff9b::808:808")).isEqualTo(Reason.PUBLIC);
  }

  @Test
  void check_publicIpv4InetAddress_allowed() throws UnknownHostException {
    PeerDecision decision = DEFAULTS.check(InetAddress.getByAddress(new byte[] {8, 8, 8, 8}));

    assertThat(decision.allowed()).isTrue();
    assertThat(decision.reason()).isEqualTo(Reason.PUBLIC);
  }

  @Test
  void check_loopbackInet6Address_denied() throws UnknownHostException {
    assertThat(DEFAULTS.check(InetAddress.getByAddress(IpLiterals.parse("::1"))).allowed())
        .isFalse();
  }

  @Test
  void check_wrongLength_invalidAddress() {
    assertThat(DEFAULTS.check(new byte[5]).reason()).isEqualTo(Reason.INVALID_ADDRESS);
    assertThat(DEFAULTS.check(new byte[0]).allowed()).isFalse();
    assertThat(DEFAULTS.check((byte[]) null).reason()).isEqualTo(Reason.INVALID_ADDRESS);
  }

  @Test
  void check_allowListedPrivateRange_allowedByConfig() {
    PeerAddressPolicy policy = PeerAddressPolicy.builder().allowed(List.of("10.0.0.0/8")).build();

    assertThat(reason(policy, "10.1.2.3")).isEqualTo(Reason.ALLOWED_BY_CONFIG);
    assertThat(reason(policy, "::ffff:10.1.2.3")).isEqualTo(Reason.ALLOWED_BY_CONFIG);
    assertThat(reason(policy, "64:ff9b::a01:203")).isEqualTo(Reason.ALLOWED_BY_CONFIG);
    assertThat(reason(policy, "192.168.0.1")).isEqualTo(Reason.PRIVATE);
  }

  @Test
  void check_denyInsideAllow_denyWins() {
    PeerAddressPolicy policy =
        PeerAddressPolicy.builder()
            .allowed(List.of("10.0.0.0/8"))
            .denied(List.of("10.1.0.0-10.1.255.255"))
            .build();

    assertThat(reason(policy, "10.1.2.3")).isEqualTo(Reason.DENIED_BY_CONFIG);
    assertThat(reason(policy, "10.2.0.1")).isEqualTo(Reason.ALLOWED_BY_CONFIG);
  }

  @Test
  void check_deniedPublicAddress_deniedInEverySpelling() {
    PeerAddressPolicy policy = PeerAddressPolicy.builder().denied(List.of("8.8.8.0/24")).build();

    assertThat(reason(policy, "8.8.8.8")).isEqualTo(Reason.DENIED_BY_CONFIG);
    assertThat(reason(policy, "::ffff:8.8.8.8")).isEqualTo(Reason.DENIED_BY_CONFIG);
    assertThat(reason(policy, "64:ff9b::808:808")).isEqualTo(Reason.DENIED_BY_CONFIG);
    assertThat(reason(policy, "2002:808:808::")).isEqualTo(Reason.DENIED_BY_CONFIG);
    assertThat(reason(policy, "8.8.9.8")).isEqualTo(Reason.PUBLIC);
  }

  @Test
  void check_deniedNat64Prefix_deniesTranslatedButNotIpv4() {
    PeerAddressPolicy policy = PeerAddressPolicy.builder().denied(List.of("64:ff9b::/96")).build();

    assertThat(reason(policy, "64:ff9b::808:808")).isEqualTo(Reason.DENIED_BY_CONFIG);
    assertThat(reason(policy, "8.8.8.8")).isEqualTo(Reason.PUBLIC);
  }

  @Test
  void check_allowedNat64Prefix_doesNotOpenEmbeddedLoopback() {
    PeerAddressPolicy policy = PeerAddressPolicy.builder().allowed(List.of("64:ff9b::/96")).build();

    assertThat(reason(policy, "64:ff9b::7f00:1")).isEqualTo(Reason.LOOPBACK);
  }

  @Test
  void check_allowLoopbackPeers_opensLoopbackInEverySpelling() {
    PeerAddressPolicy policy = PeerAddressPolicy.builder().allowLoopbackPeers(true).build();

    assertThat(reason(policy, "127.0.0.1")).isEqualTo(Reason.ALLOWED_BY_CONFIG);
    assertThat(reason(policy, "127.255.255.255")).isEqualTo(Reason.ALLOWED_BY_CONFIG);
    assertThat(reason(policy, "::1")).isEqualTo(Reason.ALLOWED_BY_CONFIG);
    assertThat(reason(policy, "::ffff:127.0.0.1")).isEqualTo(Reason.ALLOWED_BY_CONFIG);
    assertThat(reason(policy, "10.0.0.1")).isEqualTo(Reason.PRIVATE);
    assertThat(policy.allowsLoopbackPeers()).isTrue();
  }

  @Test
  void check_allowLoopbackPeersWithLoopbackDenied_denyWins() {
    PeerAddressPolicy policy =
        PeerAddressPolicy.builder().allowLoopbackPeers(true).denied(List.of("127.0.0.2")).build();

    assertThat(reason(policy, "127.0.0.2")).isEqualTo(Reason.DENIED_BY_CONFIG);
    assertThat(reason(policy, "127.0.0.1")).isEqualTo(Reason.ALLOWED_BY_CONFIG);
  }

  @Test
  void check_allowedMulticastWithoutFlag_allowedByConfig() {
    PeerAddressPolicy policy = PeerAddressPolicy.builder().allowed(List.of("224.0.0.0/4")).build();

    assertThat(reason(policy, "224.0.0.1")).isEqualTo(Reason.ALLOWED_BY_CONFIG);
  }

  @Test
  void check_noMulticastPeers_beatsAllowList() {
    PeerAddressPolicy policy =
        PeerAddressPolicy.builder()
            .allowed(List.of("224.0.0.0/4", "ff00::/8"))
            .noMulticastPeers(true)
            .build();

    assertThat(reason(policy, "224.0.0.1")).isEqualTo(Reason.MULTICAST);
    assertThat(reason(policy, "ff02::1")).isEqualTo(Reason.MULTICAST);
  }

  @Test
  void check_serverOwnAddresses_deniedInEverySpelling() throws UnknownHostException {
    PeerAddressPolicy policy =
        PeerAddressPolicy.builder()
            .serverAddresses(
                List.of(
                    InetAddress.getByAddress(new byte[] {1, 2, 3, 4}),
                    InetAddress.getByAddress(IpLiterals.parse("2606:4700::1"))))
            .build();

    assertThat(reason(policy, "1.2.3.4")).isEqualTo(Reason.SERVER_OWN);
    assertThat(reason(policy, "::ffff:1.2.3.4")).isEqualTo(Reason.SERVER_OWN);
    assertThat(reason(policy, "64:ff9b::102:304")).isEqualTo(Reason.SERVER_OWN);
    assertThat(reason(policy, "2606:4700::1")).isEqualTo(Reason.SERVER_OWN);
    assertThat(reason(policy, "1.2.3.5")).isEqualTo(Reason.PUBLIC);
    assertThat(reason(policy, "2606:4700::2")).isEqualTo(Reason.PUBLIC);
  }

  @Test
  void check_loopbackServerWithAllowLoopbackPeers_allowed() throws UnknownHostException {
    PeerAddressPolicy policy =
        PeerAddressPolicy.builder()
            .serverAddresses(List.of(InetAddress.getByAddress(new byte[] {127, 0, 0, 1})))
            .allowLoopbackPeers(true)
            .build();

    assertThat(reason(policy, "127.0.0.1")).isEqualTo(Reason.ALLOWED_BY_CONFIG);
  }

  @Test
  void check_badAllowEntry_throwsNamingEntry() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> PeerAddressPolicy.builder().allowed(List.of("10.0.0.0/8", "10.0.0.1/33")))
        .isInstanceOf(AddressEntryException.class)
        .hasMessageContaining("\"10.0.0.1/33\"");
  }

  @Test
  void decision_sameReason_sameInstance() {
    assertThat(reason(DEFAULTS, "10.0.0.1")).isSameAs(reason(DEFAULTS, "10.0.0.2"));
    assertThat(DEFAULTS.check(IpLiterals.parse("10.0.0.1")))
        .isSameAs(DEFAULTS.check(IpLiterals.parse("10.9.9.9")));
  }
}

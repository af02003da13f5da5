package dev.ferry.turn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import org.junit.jupiter.api.Test;

class IpLiteralTest {

  @Test
  void parse_dottedQuad_returnsIpv4() {
    assertThat(IpLiteral.parse("192.0.2.1"))
        .get()
        .isInstanceOf(Inet4Address.class)
        .extracting(a -> a.getHostAddress())
        .isEqualTo("192.0.2.1");
  }

  @Test
  void parse_ipv6Literal_returnsIpv6() {
    assertThat(IpLiteral.parse("2001:db8::1")).get().isInstanceOf(Inet6Address.class);
  }

  @Test
  void parse_bracketedIpv6_returnsIpv6() {
    assertThat(IpLiteral.parse("[::1]")).get().isInstanceOf(Inet6Address.class);
  }

  @Test
  void parse_octetAbove255_returnsEmpty() {
    assertThat(IpLiteral.parse("192.0.2.256")).isEmpty();
  }

  @Test
  void parse_threeOctets_returnsEmpty() {
    assertThat(IpLiteral.parse("10.0.1")).isEmpty();
  }

  @Test
  void parse_hostName_returnsEmptyWithoutLookup() {
    assertThat(IpLiteral.parse("localhost")).isEmpty();
  }

  @Test
  void parse_badIpv6_returnsEmpty() {
    assertThat(IpLiteral.parse("2001:db8::g")).isEmpty();
  }
}

package dev.ferry.turn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class SocketAddressLiteralTest {

  @Test
  void parse_ipv4AndPort_returnsTheAddress() throws Exception {
    assertThat(SocketAddressLiteral.parse(" 127.0.0.1:9641 "))
        .hasValue(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9641));
  }

  @Test
  void parse_bracketedIpv6AndPort_returnsTheAddress() throws Exception {
    assertThat(SocketAddressLiteral.parse("[::1]:9641"))
        .hasValue(new InetSocketAddress(InetAddress.getByName("::1"), 9641));
  }

  @Test
  void parse_portZero_isAccepted() {
    assertThat(SocketAddressLiteral.parse("0.0.0.0:0")).isPresent();
  }

  @Test
  void parse_unbracketedIpv6_isRejectedSinceThePortWouldBeAmbiguous() {
    assertThat(SocketAddressLiteral.parse("::1:9641")).isEmpty();
  }

  @Test
  void parse_missingOrBadPort_isRejected() {
    assertThat(SocketAddressLiteral.parse("127.0.0.1")).isEmpty();
    assertThat(SocketAddressLiteral.parse("127.0.0.1:")).isEmpty();
    assertThat(SocketAddressLiteral.parse("127.0.0.1:65536")).isEmpty();
    assertThat(SocketAddressLiteral.parse("127.0.0.1:-1")).isEmpty();
    assertThat(SocketAddressLiteral.parse("127.0.0.1:+80")).isEmpty();
    assertThat(SocketAddressLiteral.parse("[::1]")).isEmpty();
    assertThat(SocketAddressLiteral.parse("[::1]9641")).isEmpty();
  }

  @Test
  void parse_hostName_isRejectedWithoutAskingDns() {
    assertThat(SocketAddressLiteral.parse("localhost:9641")).isEmpty();
    assertThat(SocketAddressLiteral.parse("[localhost]:9641")).isEmpty();
  }
}

package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostPortTest {

  @Test
  void parse_hostOnly_usesDefaultPort() {
    assertThat(HostPort.parse("example.org", 3478)).contains(new HostPort("example.org", 3478));
  }

  @Test
  void parse_ipv4WithPort_splits() {
    assertThat(HostPort.parse("192.0.2.1:5000", 3478)).contains(new HostPort("192.0.2.1", 5000));
  }

  @Test
  void parse_bracketedIpv6WithPort_splits() {
    assertThat(HostPort.parse("[::1]:5000", 3478)).contains(new HostPort("::1", 5000));
  }

  @Test
  void parse_bareIpv6_usesDefaultPort() {
    assertThat(HostPort.parse("2001:db8::1", 3478)).contains(new HostPort("2001:db8::1", 3478));
  }

  @Test
  void parse_portOutOfRange_returnsEmpty() {
    assertThat(HostPort.parse("127.0.0.1:70000", 3478)).isEmpty();
  }

  @Test
  void parse_unclosedBracket_returnsEmpty() {
    assertThat(HostPort.parse("[::1:5000", 3478)).isEmpty();
  }
}

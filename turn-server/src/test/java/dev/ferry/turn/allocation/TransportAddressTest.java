package dev.ferry.turn.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class TransportAddressTest {
  @Test
  void of_ipv4SocketAddress_roundTrips() throws Exception {
    InetSocketAddress jdk = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853);
    TransportAddress address = TransportAddress.of(jdk);
    assertThat(address.family()).isEqualTo(AddressFamily.IPV4);
    assertThat(address.ipv4()).isEqualTo(0xC0000201);
    assertThat(address.toInetSocketAddress()).isEqualTo(jdk);
    assertThat(address).hasToString("192.0.2.1:32853");
  }

  @Test
  void of_ipv6SocketAddress_roundTrips() throws Exception {
    InetSocketAddress jdk =
        new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853);
    TransportAddress address = TransportAddress.of(jdk);
    assertThat(address.family()).isEqualTo(AddressFamily.IPV6);
    assertThat(address.high()).isEqualTo(0x20010db812345678L);
    assertThat(address.low()).isEqualTo(0x0011223344556677L);
    assertThat(address.toInetSocketAddress()).isEqualTo(jdk);
  }

  @Test
  void equals_sameBitsDifferentFamily_notEqual() {
    assertThat(TransportAddress.ipv4(1, 80)).isNotEqualTo(TransportAddress.ipv6(0, 1, 80));
  }

  @Test
  void sameIp_ignoresPort() {
    assertThat(TransportAddress.ipv4(1, 80).sameIp(TransportAddress.ipv4(1, 81))).isTrue();
    assertThat(TransportAddress.ipv4(1, 80)).isNotEqualTo(TransportAddress.ipv4(1, 81));
  }

  @Test
  void fiveTuple_differentTransport_notEqual() {
    TransportAddress client = TransportAddress.ipv4(1, 40000);
    TransportAddress server = TransportAddress.ipv4(2, 3478);
    assertThat(new FiveTuple(client, server, Transport.UDP))
        .isEqualTo(new FiveTuple(client, server, Transport.UDP))
        .isNotEqualTo(new FiveTuple(client, server, Transport.TCP));
  }
}

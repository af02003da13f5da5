package dev.ferry.turn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenAddressesTest {

  @Test
  void resolve_nothingConfigured_returnsDualStackWildcardOnly() {
    assertThat(ListenAddresses.resolve(List.of())).containsExactly(ListenAddresses.anyV6());
  }

  @Test
  void resolve_bothWildcards_keepsOnlyIpv6Wildcard() throws Exception {
    List<InetAddress> configured =
        List.of(InetAddress.getByName("0.0.0.0"), InetAddress.getByName("::"));

    assertThat(ListenAddresses.resolve(configured)).containsExactly(ListenAddresses.anyV6());
  }

  @Test
  void resolve_ipv4WildcardAlone_keepsIt() throws Exception {
    assertThat(ListenAddresses.resolve(List.of(InetAddress.getByName("0.0.0.0"))))
        .containsExactly(ListenAddresses.anyV4());
  }

  @Test
  void resolve_specificAddressesWithDuplicates_keepsOrderWithoutDuplicates() throws Exception {
    InetAddress v4 = InetAddress.getByName("127.0.0.1");
    InetAddress v6 = InetAddress.getByName("::1");

    assertThat(ListenAddresses.resolve(List.of(v4, v6, v4))).containsExactly(v4, v6);
  }
}

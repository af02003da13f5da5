package dev.ferry.turn.allocation;

import static dev.ferry.turn.allocation.Peers.PEER_A;
import static dev.ferry.turn.allocation.Peers.PEER_A_OTHER_PORT;
import static dev.ferry.turn.allocation.Peers.PEER_B;
import static dev.ferry.turn.allocation.Peers.PEER_V6;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PermissionTableTest {
  private final FakeClock clock = new FakeClock();
  private final PermissionTable table = new PermissionTable(300, 3);

  @Test
  void permission_installed_permitsThatIp() {
    assertThat(table.installOrRefresh(PEER_A, clock.nanoTime()))
        .isEqualTo(PermissionResult.INSTALLED);
    assertThat(table.isPermitted(PEER_A, clock.nanoTime())).isTrue();
    assertThat(table.isPermittedIpv4(PEER_A.ipv4(), clock.nanoTime())).isTrue();
    assertThat(table.isPermitted(PEER_B, clock.nanoTime())).isFalse();
  }

  @Test
  void permission_ignoresPeerPort() {
    table.installOrRefresh(PEER_A, clock.nanoTime());
    assertThat(table.isPermitted(PEER_A_OTHER_PORT, clock.nanoTime())).isTrue();
    assertThat(table.installOrRefresh(PEER_A_OTHER_PORT, clock.nanoTime()))
        .isEqualTo(PermissionResult.REFRESHED);
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  void permission_beforeThreeHundredSeconds_stillPermits() {
    table.installOrRefresh(PEER_A, clock.nanoTime());
    clock.advance(java.time.Duration.ofSeconds(300).minusNanos(1));
    assertThat(table.isPermitted(PEER_A, clock.nanoTime())).isTrue();
  }

  @Test
  void permission_afterThreeHundredSeconds_expires() {
    table.installOrRefresh(PEER_A, clock.nanoTime());
    clock.advanceSeconds(300);
    assertThat(table.isPermitted(PEER_A, clock.nanoTime())).isFalse();
  }

  @Test
  void permission_refresh_resetsToThreeHundredSeconds() {
    table.installOrRefresh(PEER_A, clock.nanoTime());
    clock.advanceSeconds(200);
    table.installOrRefresh(PEER_A, clock.nanoTime());
    clock.advanceSeconds(299);
    assertThat(table.isPermitted(PEER_A, clock.nanoTime())).isTrue();
    clock.advanceSeconds(1);
    assertThat(table.isPermitted(PEER_A, clock.nanoTime())).isFalse();
  }

  @Test
  void sendIndication_doesNotRefreshPermission() {
    table.installOrRefresh(PEER_A, clock.nanoTime());
    for (int i = 0; i < 299; i++) {
      clock.advanceSeconds(1);
      assertThat(table.isPermitted(PEER_A, clock.nanoTime())).isTrue();
    }
    clock.advanceSeconds(1);
    assertThat(table.isPermitted(PEER_A, clock.nanoTime())).isFalse();
  }

  @Test
  void permission_ipv6_lookedUpByTwoLongs() {
    table.installOrRefresh(PEER_V6, clock.nanoTime());
    assertThat(table.isPermittedIpv6(PEER_V6.high(), PEER_V6.low(), clock.nanoTime())).isTrue();
    assertThat(table.isPermittedIpv6(PEER_V6.high(), PEER_V6.low() + 1, clock.nanoTime()))
        .isFalse();
  }

  @Test
  void permission_ipv4DoesNotMatchSameBitsAsIpv6() {
    table.installOrRefresh(PEER_A, clock.nanoTime());
    assertThat(table.isPermittedIpv6(0, PEER_A.low(), clock.nanoTime())).isFalse();
  }

  @Test
  void createPermission_overCapacity_returnsCapacity() {
    table.installOrRefresh(Peers.v4(192, 0, 2, 1, 1), clock.nanoTime());
    table.installOrRefresh(Peers.v4(192, 0, 2, 2, 1), clock.nanoTime());
    table.installOrRefresh(Peers.v4(192, 0, 2, 3, 1), clock.nanoTime());
    PermissionResult result = table.installOrRefresh(PEER_B, clock.nanoTime());
    assertThat(result).isEqualTo(PermissionResult.CAPACITY);
    assertThat(result.errorCode()).isEqualTo(508);
    assertThat(table.isPermitted(PEER_B, clock.nanoTime())).isFalse();
  }

  @Test
  void createPermission_atCapacity_refreshOfExistingSucceeds() {
    table.installOrRefresh(Peers.v4(192, 0, 2, 1, 1), clock.nanoTime());
    table.installOrRefresh(Peers.v4(192, 0, 2, 2, 1), clock.nanoTime());
    table.installOrRefresh(PEER_A, clock.nanoTime());
    assertThat(table.installOrRefresh(PEER_A, clock.nanoTime()))
        .isEqualTo(PermissionResult.REFRESHED);
  }

  @Test
  void createPermission_atCapacityWithExpiredEntries_reapsAndInstalls() {
    table.installOrRefresh(Peers.v4(192, 0, 2, 1, 1), clock.nanoTime());
    table.installOrRefresh(Peers.v4(192, 0, 2, 2, 1), clock.nanoTime());
    table.installOrRefresh(Peers.v4(192, 0, 2, 3, 1), clock.nanoTime());
    clock.advanceSeconds(300);
    assertThat(table.installOrRefresh(PEER_B, clock.nanoTime()))
        .isEqualTo(PermissionResult.INSTALLED);
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  void sweep_removesOnlyExpiredPermissions() {
    table.installOrRefresh(PEER_A, clock.nanoTime());
    clock.advanceSeconds(100);
    table.installOrRefresh(PEER_B, clock.nanoTime());
    clock.advanceSeconds(200);
    assertThat(table.sweep(clock.nanoTime())).isEqualTo(1);
    assertThat(table.size()).isEqualTo(1);
    assertThat(table.isPermitted(PEER_B, clock.nanoTime())).isTrue();
    assertThat(table.livePeers(clock.nanoTime())).containsExactly(PEER_B.withPort(0));
  }

  @Test
  void permission_nearLongMaxValue_expiresAfterThreeHundredSeconds() {
    FakeClock nearMax = new FakeClock(Long.MAX_VALUE - 1_000_000_000L);
    table.installOrRefresh(PEER_A, nearMax.nanoTime());
    nearMax.advanceSeconds(299);
    assertThat(table.isPermitted(PEER_A, nearMax.nanoTime())).isTrue();
    nearMax.advanceSeconds(1);
    assertThat(table.isPermitted(PEER_A, nearMax.nanoTime())).isFalse();
    assertThat(table.sweep(nearMax.nanoTime())).isEqualTo(1);
  }
}

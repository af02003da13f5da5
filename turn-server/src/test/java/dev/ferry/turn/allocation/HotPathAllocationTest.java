package dev.ferry.turn.allocation;

import static dev.ferry.turn.allocation.Peers.PEER_A;
import static dev.ferry.turn.allocation.Peers.PEER_V6;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The per-packet lookups must not allocate (DESIGN.md §3: no allocation per relayed packet). */
class HotPathAllocationTest {
  private static final int LOOKUPS = 100_000;

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  @Test
  void permissionAndChannelLookups_allocateNothing() {
    long now = 1_000L;
    PermissionTable permissions = new PermissionTable(300, 16);
    ChannelTable channels = new ChannelTable(600, 300, 16);
    permissions.installOrRefresh(PEER_A, now);
    permissions.installOrRefresh(PEER_V6, now);
    channels.bind(0x4001, PEER_A, now);
    channels.bind(0x4002, PEER_V6, now);
    int a = PEER_A.ipv4();
    int port = PEER_A.port();
    long high = PEER_V6.high();
    long low = PEER_V6.low();
    int hits = lookups(permissions, channels, a, port, high, low, now); // warm-up
    long before = allocatedBytes();
    hits += lookups(permissions, channels, a, port, high, low, now);
    long allocated = allocatedBytes() - before;
    assertThat(hits).isEqualTo(2 * 6 * LOOKUPS);
    // A few hundred bytes of slack for the measurement itself; one object per lookup would be MBs.
    assertThat(allocated).isLessThan(1024);
  }

  private static int lookups(
      PermissionTable permissions,
      ChannelTable channels,
      int ipv4,
      int port,
      long high,
      long low,
      long now) {
    int hits = 0;
    for (int i = 0; i < LOOKUPS; i++) {
      hits += permissions.isPermittedIpv4(ipv4, now) ? 1 : 0;
      hits += permissions.isPermittedIpv6(high, low, now) ? 1 : 0;
      hits += channels.byNumber(0x4001, now) != null ? 1 : 0;
      hits += channels.byNumber(0x4002, now) != null ? 1 : 0;
      hits += channels.byPeerIpv4(ipv4, port, now) != null ? 1 : 0;
      hits += channels.byPeerIpv6(high, low, PEER_V6.port(), now) != null ? 1 : 0;
    }
    return hits;
  }
}

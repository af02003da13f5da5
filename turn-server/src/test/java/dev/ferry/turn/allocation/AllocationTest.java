package dev.ferry.turn.allocation;

import static dev.ferry.turn.allocation.Peers.PEER_A;
import static dev.ferry.turn.allocation.Peers.PEER_A_OTHER_PORT;
import static dev.ferry.turn.allocation.Peers.PEER_B;
import static dev.ferry.turn.allocation.Peers.PEER_V6;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AllocationTest {
  private static final AllocationLimits LIMITS =
      new AllocationLimits(LifetimePolicy.RFC_DEFAULTS, 2, 4, 10, 100, Duration.ofSeconds(40), 100);

  private final FakeClock clock = new FakeClock();
  private final AllocationTable<RecordingRelay> table =
      new AllocationTable<>(LIMITS, AllocationQuotas.of(LIMITS), AllocationListener.none());
  private final Allocation<RecordingRelay> allocation = create();

  private Allocation<RecordingRelay> create() {
    FiveTuple tuple =
        new FiveTuple(Peers.v4(203, 0, 113, 5, 40000), Peers.v4(10, 0, 0, 1, 3478), Transport.UDP);
    TransactionId id = TransactionId.of(1L, 2);
    Admission<RecordingRelay> admission = table.admit(tuple, id, "alice", clock.nanoTime());
    return table.complete(
        admission,
        new AllocationSpec(
            tuple,
            id,
            "alice",
            "example.org",
            Peers.v4(10, 0, 0, 1, 50000),
            LifetimePolicy.NOT_REQUESTED,
            false),
        new RecordingRelay(50000),
        clock.nanoTime());
  }

  private long now() {
    return clock.nanoTime();
  }

  @Test
  void channelBind_installsPermissionForPeerIp() {
    assertThat(allocation.bindChannel(0x4001, PEER_A, now())).isEqualTo(ChannelBindResult.BOUND);
    assertThat(allocation.permissions().isPermitted(PEER_A_OTHER_PORT, now())).isTrue();
  }

  @Test
  void channelBind_samePair_refreshesPermission() {
    allocation.bindChannel(0x4001, PEER_A, now());
    clock.advanceSeconds(250);
    allocation.bindChannel(0x4001, PEER_A, now());
    clock.advanceSeconds(250);
    assertThat(allocation.permissions().isPermitted(PEER_A, now())).isTrue();
  }

  @Test
  void channelBind_rejected_installsNoPermission() {
    allocation.bindChannel(0x4001, PEER_A, now());
    assertThat(allocation.bindChannel(0x4001, PEER_B, now()))
        .isEqualTo(ChannelBindResult.NUMBER_BOUND_TO_OTHER_PEER);
    assertThat(allocation.permissions().isPermitted(PEER_B, now())).isFalse();
  }

  @Test
  void channelBind_permissionTableFull_bindsNothing() {
    allocation.createPermission(Peers.v4(192, 0, 2, 1, 0), now());
    allocation.createPermission(Peers.v4(192, 0, 2, 2, 0), now());
    ChannelBindResult result = allocation.bindChannel(0x4001, PEER_B, now());
    assertThat(result).isEqualTo(ChannelBindResult.PERMISSION_CAPACITY);
    assertThat(result.errorCode()).isEqualTo(508);
    assertThat(allocation.channels().size()).isZero();
  }

  @Test
  void channelBind_peerOfOtherFamily_returns443() {
    ChannelBindResult result = allocation.bindChannel(0x4001, PEER_V6, now());
    assertThat(result).isEqualTo(ChannelBindResult.PEER_ADDRESS_FAMILY_MISMATCH);
    assertThat(result.errorCode()).isEqualTo(443);
  }

  @Test
  void createPermission_peerOfOtherFamily_returns443() {
    PermissionResult result = allocation.createPermission(PEER_V6, now());
    assertThat(result).isEqualTo(PermissionResult.PEER_ADDRESS_FAMILY_MISMATCH);
    assertThat(result.errorCode()).isEqualTo(443);
    assertThat(allocation.permissions().size()).isZero();
  }

  @Test
  void allocation_remembersCreatingTransaction() {
    assertThat(allocation.isCreatedBy(TransactionId.of(1L, 2))).isTrue();
    assertThat(allocation.isCreatedBy(TransactionId.of(1L, 3))).isFalse();
  }

  @Test
  void relayedTraffic_doesNotRefreshAllocation() {
    clock.advanceSeconds(599);
    allocation.recordToPeer(100);
    allocation.recordToClient(200);
    clock.advanceSeconds(1);
    assertThat(allocation.isLive(now())).isFalse();
  }

  @Test
  void stats_countPacketsAndBytesPerDirection() {
    allocation.recordToPeer(100);
    allocation.recordToPeer(50);
    allocation.recordToClient(7);
    assertThat(allocation.packetsToPeer()).isEqualTo(2);
    assertThat(allocation.bytesToPeer()).isEqualTo(150);
    assertThat(allocation.packetsToClient()).isEqualTo(1);
    assertThat(allocation.bytesToClient()).isEqualTo(7);
  }
}

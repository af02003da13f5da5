package dev.ferry.turn.allocation;

import static dev.ferry.turn.allocation.Peers.PEER_A;
import static dev.ferry.turn.allocation.Peers.PEER_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllocationTableTest {
  private static final AllocationLimits LIMITS =
      new AllocationLimits(LifetimePolicy.RFC_DEFAULTS, 10, 10, 2, 3, Duration.ofSeconds(40), 100);
  private static final TransportAddress SERVER = Peers.v4(10, 0, 0, 1, 3478);

  private final FakeClock clock = new FakeClock();
  private final AllocationQuotas quotas = AllocationQuotas.of(LIMITS);
  private final List<String> released = new ArrayList<>();
  private final AllocationTable<RecordingRelay> table =
      new AllocationTable<>(
          LIMITS,
          quotas,
          (allocation, reason, now) -> released.add(allocation.username() + ":" + reason));
  private int nextPort = 50000;

  private long now() {
    return clock.nanoTime();
  }

  private static FiveTuple tuple(int clientPort) {
    return new FiveTuple(Peers.v4(203, 0, 113, 5, clientPort), SERVER, Transport.UDP);
  }

  private Allocation<RecordingRelay> allocate(
      FiveTuple tuple, TransactionId id, String user, long lifetime) {
    Admission<RecordingRelay> admission = table.admit(tuple, id, user, now());
    assertThat(admission.outcome()).isEqualTo(Admission.Outcome.ADMITTED);
    int port = nextPort++;
    return table.complete(
        admission,
        new AllocationSpec(
            tuple, id, user, "example.org", Peers.v4(10, 0, 0, 1, port), lifetime, false),
        new RecordingRelay(port),
        now());
  }

  private Allocation<RecordingRelay> allocate(int clientPort, String user) {
    return allocate(
        tuple(clientPort), TransactionId.of(clientPort, 0), user, LifetimePolicy.NOT_REQUESTED);
  }

  @Test
  void allocate_withoutLifetime_livesSixHundredSeconds() {
    Allocation<RecordingRelay> a = allocate(40000, "alice");
    assertThat(a.remainingSeconds(now())).isEqualTo(600);
    clock.advanceSeconds(600);
    assertThat(table.get(tuple(40000), now())).isNull();
  }

  @Test
  void lifetime_aboveMax_isCapped() {
    Allocation<RecordingRelay> a =
        allocate(tuple(40000), TransactionId.of(9L, 9), "alice", 100_000);
    assertThat(a.remainingSeconds(now())).isEqualTo(3600);
  }

  @Test
  void allocate_fiveTupleInUse_returns437() {
    allocate(40000, "alice");
    Admission<RecordingRelay> again =
        table.admit(tuple(40000), TransactionId.of(7L, 7), "alice", now());
    assertThat(again.outcome()).isEqualTo(Admission.Outcome.ALLOCATION_MISMATCH);
    assertThat(again.outcome().errorCode()).isEqualTo(437);
  }

  @Test
  void allocate_retransmission_returnsExistingAllocation() {
    Allocation<RecordingRelay> a = allocate(40000, "alice");
    Admission<RecordingRelay> again =
        table.admit(tuple(40000), TransactionId.of(40000, 0), "alice", now());
    assertThat(again.outcome()).isEqualTo(Admission.Outcome.RETRANSMISSION);
    assertThat(again.existing()).isSameAs(a);
    assertThat(quotas.inUse("alice")).isEqualTo(1);
  }

  @Test
  void allocate_retransmissionWhileRelayOpens_isInProgress() {
    TransactionId id = TransactionId.of(1L, 1);
    Admission<RecordingRelay> first = table.admit(tuple(40000), id, "alice", now());
    Admission<RecordingRelay> second = table.admit(tuple(40000), id, "alice", now());
    assertThat(first.outcome()).isEqualTo(Admission.Outcome.ADMITTED);
    assertThat(second.outcome()).isEqualTo(Admission.Outcome.IN_PROGRESS);
    assertThat(quotas.inUse("alice")).isEqualTo(1);
  }

  @Test
  void allocate_overUserQuota_rejected() {
    allocate(40000, "alice");
    allocate(40001, "alice");
    Admission<RecordingRelay> third =
        table.admit(tuple(40002), TransactionId.of(3L, 3), "alice", now());
    assertThat(third.outcome()).isEqualTo(Admission.Outcome.USER_QUOTA_REACHED);
    assertThat(third.outcome().errorCode()).isEqualTo(486);
    assertThat(table.size()).isEqualTo(2);
  }

  @Test
  void allocate_overTotalQuota_rejected() {
    allocate(40000, "alice");
    allocate(40001, "bob");
    allocate(40002, "carol");
    Admission<RecordingRelay> fourth =
        table.admit(tuple(40003), TransactionId.of(4L, 4), "dave", now());
    assertThat(fourth.outcome()).isEqualTo(Admission.Outcome.TOTAL_QUOTA_REACHED);
    assertThat(fourth.outcome().errorCode()).isEqualTo(486);
  }

  @Test
  void allocate_abandoned_returnsQuotaSlotAndFiveTuple() {
    Admission<RecordingRelay> admission =
        table.admit(tuple(40000), TransactionId.of(1L, 1), "alice", now());
    table.abandon(admission);
    assertThat(quotas.inUse("alice")).isZero();
    assertThat(table.pendingCount()).isZero();
    assertThat(table.admit(tuple(40000), TransactionId.of(2L, 2), "alice", now()).outcome())
        .isEqualTo(Admission.Outcome.ADMITTED);
  }

  @Test
  void complete_refusedAdmission_throws() {
    allocate(40000, "alice");
    Admission<RecordingRelay> mismatch =
        table.admit(tuple(40000), TransactionId.of(7L, 7), "alice", now());
    assertThatThrownBy(
            () ->
                table.complete(
                    mismatch,
                    new AllocationSpec(
                        tuple(40000),
                        TransactionId.of(7L, 7),
                        "alice",
                        "example.org",
                        Peers.v4(10, 0, 0, 1, 60000),
                        LifetimePolicy.NOT_REQUESTED,
                        false),
                    new RecordingRelay(60000),
                    now()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refresh_extendsLifetime() {
    Allocation<RecordingRelay> a = allocate(40000, "alice");
    clock.advanceSeconds(500);
    assertThat(table.refresh(a, 1200, now())).isEqualTo(1200);
    clock.advanceSeconds(1199);
    assertThat(table.get(tuple(40000), now())).isSameAs(a);
  }

  @Test
  void refresh_belowDefault_getsDefault() {
    Allocation<RecordingRelay> a = allocate(40000, "alice");
    assertThat(table.refresh(a, 60, now())).isEqualTo(600);
    assertThat(a.remainingSeconds(now())).isEqualTo(600);
  }

  @Test
  void refresh_lifetimeZero_deletes() {
    Allocation<RecordingRelay> a = allocate(40000, "alice");
    assertThat(table.refresh(a, 0, now())).isZero();
    assertThat(table.get(tuple(40000), now())).isNull();
    assertThat(table.byRelayedAddress(a.relayedAddress(), now())).isNull();
    assertThat(a.relay().closes).isEqualTo(1);
    assertThat(quotas.inUse("alice")).isZero();
    assertThat(released).containsExactly("alice:DELETED");
  }

  @Test
  void byRelayedAddress_findsLiveAllocation() {
    Allocation<RecordingRelay> a = allocate(40000, "alice");
    assertThat(table.byRelayedAddress(a.relayedAddress(), now())).isSameAs(a);
  }

  @Test
  void get_expiredAllocation_releasesItLazily() {
    Allocation<RecordingRelay> a = allocate(40000, "alice");
    clock.advanceSeconds(600);
    assertThat(table.get(tuple(40000), now())).isNull();
    assertThat(a.relay().closes).isEqualTo(1);
    assertThat(released).containsExactly("alice:EXPIRED");
  }

  @Test
  void sweep_releasesExpiredAllocationsAndTheirHandles() {
    Allocation<RecordingRelay> shortLived = allocate(40000, "alice");
    Allocation<RecordingRelay> longLived =
        allocate(tuple(40001), TransactionId.of(5L, 5), "bob", 1200);
    clock.advanceSeconds(600);
    SweepResult result = table.sweep(now());
    assertThat(result.allocations()).isEqualTo(1);
    assertThat(shortLived.relay().closes).isEqualTo(1);
    assertThat(shortLived.isReleased()).isTrue();
    assertThat(longLived.relay().closes).isZero();
    assertThat(table.size()).isEqualTo(1);
    assertThat(quotas.inUse()).isEqualTo(1);
    assertThat(released).containsExactly("alice:EXPIRED");
  }

  @Test
  void sweep_reapsPermissionsAndChannelsOfLiveAllocations() {
    Allocation<RecordingRelay> a = allocate(tuple(40000), TransactionId.of(5L, 5), "bob", 3600);
    a.createPermission(PEER_A, now());
    a.bindChannel(0x4001, PEER_B, now());
    clock.advanceSeconds(300);
    // The ChannelBind also installed PEER_B's permission, which lives 300 s, not 600 s
    // (RFC 8656 §12.1: permissions need refreshing more often than channels).
    assertThat(table.sweep(now())).isEqualTo(new SweepResult(0, 2, 0));
    assertThat(a.permissions().size()).isZero();
    assertThat(a.channels().byNumber(0x4001, now())).isNotNull();
    clock.advanceSeconds(300);
    assertThat(table.sweep(now())).isEqualTo(new SweepResult(0, 0, 1));
  }

  @Test
  void sweep_twice_closesEachRelayOnce() {
    Allocation<RecordingRelay> a = allocate(40000, "alice");
    clock.advanceSeconds(600);
    table.sweep(now());
    table.sweep(now());
    table.release(a, ReleaseReason.CLOSED, now());
    assertThat(a.relay().closes).isEqualTo(1);
  }

  @Test
  void sweep_nearLongMaxValue_releasesOnTime() {
    clock.advance(Duration.ofNanos(Long.MAX_VALUE - now() - 100_000_000_000L));
    Allocation<RecordingRelay> a = allocate(40000, "alice");
    clock.advanceSeconds(599);
    assertThat(table.sweep(now()).allocations()).isZero();
    clock.advanceSeconds(1);
    assertThat(now()).isNegative(); // the clock wrapped
    assertThat(table.sweep(now()).allocations()).isEqualTo(1);
    assertThat(a.relay().closes).isEqualTo(1);
  }

  @Test
  void closeAll_releasesEverythingAndPendingAdmissions() {
    Allocation<RecordingRelay> a = allocate(40000, "alice");
    table.admit(tuple(40001), TransactionId.of(1L, 1), "bob", now());
    table.closeAll(now());
    assertThat(a.relay().closes).isEqualTo(1);
    assertThat(table.size()).isZero();
    assertThat(table.pendingCount()).isZero();
    assertThat(quotas.inUse()).isZero();
  }

  @Test
  void forEach_visitsEveryAllocation() {
    allocate(40000, "alice");
    allocate(40001, "bob");
    List<String> users = new ArrayList<>();
    table.forEach(a -> users.add(a.username()));
    assertThat(users).containsExactlyInAnyOrder("alice", "bob");
  }
}

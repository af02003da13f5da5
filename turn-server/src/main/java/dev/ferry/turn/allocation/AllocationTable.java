package dev.ferry.turn.allocation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * All allocations owned by one event loop (DESIGN.md §3): found by 5-tuple for client messages and
 * by relayed address for peer traffic. Not thread-safe by design; only the loop touches it.
 * Deadlines are checked lazily on lookup and reaped by {@link #sweep}, which the loop runs once a
 * second. Every release closes the relay endpoint, gives back the quota slot and tells the
 * listener, whatever the reason.
 *
 * @param <R> the relay handle the dispatch layer supplies
 */
public final class AllocationTable<R extends RelayEndpoint> {
  private final AllocationLimits limits;
  private final AllocationQuotas quotas;
  private final AllocationListener<R> listener;
  private final Map<FiveTuple, Allocation<R>> byFiveTuple = new HashMap<>();
  private final Map<TransportAddress, Allocation<R>> byRelayedAddress = new HashMap<>();
  private final Map<FiveTuple, Admission<R>> pending = new HashMap<>();

  public AllocationTable(
      AllocationLimits limits, AllocationQuotas quotas, AllocationListener<R> listener) {
    this.limits = limits;
    this.quotas = quotas;
    this.listener = listener;
  }

  /**
   * Decides whether an authenticated Allocate may proceed: 5-tuple in use (RFC 8656 §7.2 step 2,
   * with the retransmission note) and quotas (step 10). An {@link Admission.Outcome#ADMITTED}
   * result holds a quota slot until completed or abandoned.
   */
  public Admission<R> admit(
      FiveTuple fiveTuple, TransactionId transactionId, String username, long now) {
    Allocation<R> existing = get(fiveTuple, now);
    if (existing != null) {
      return existing.isCreatedBy(transactionId)
          ? new Admission<>(
              Admission.Outcome.RETRANSMISSION, fiveTuple, transactionId, username, existing)
          : refuse(Admission.Outcome.ALLOCATION_MISMATCH, fiveTuple, transactionId, username);
    }
    Admission<R> inFlight = pending.get(fiveTuple);
    if (inFlight != null) {
      return inFlight.transactionId().equals(transactionId)
          ? refuse(Admission.Outcome.IN_PROGRESS, fiveTuple, transactionId, username)
          : refuse(Admission.Outcome.ALLOCATION_MISMATCH, fiveTuple, transactionId, username);
    }
    QuotaResult quota = quotas.tryAcquire(username);
    if (!quota.isSuccess()) {
      return refuse(
          quota == QuotaResult.USER_QUOTA_REACHED
              ? Admission.Outcome.USER_QUOTA_REACHED
              : Admission.Outcome.TOTAL_QUOTA_REACHED,
          fiveTuple,
          transactionId,
          username);
    }
    Admission<R> admitted =
        new Admission<>(Admission.Outcome.ADMITTED, fiveTuple, transactionId, username, null);
    pending.put(fiveTuple, admitted);
    return admitted;
  }

  /**
   * Creates the allocation for an admitted request once its relay endpoint exists. The lifetime
   * follows RFC 8656 §7.2 ({@link LifetimePolicy#grantAllocate}).
   *
   * @throws IllegalStateException if the admission is not open, does not match the spec, or the
   *     relayed address is already in use (each is a bug in the caller or the port pool)
   */
  public Allocation<R> complete(Admission<R> admission, AllocationSpec spec, R relay, long now) {
    if (!admission.isOpen() || pending.get(admission.fiveTuple()) != admission) {
      throw new IllegalStateException("admission is not open: " + admission.outcome());
    }
    if (!spec.fiveTuple().equals(admission.fiveTuple())
        || !spec.transactionId().equals(admission.transactionId())
        || !spec.username().equals(admission.username())) {
      throw new IllegalStateException("spec does not match its admission");
    }
    if (byRelayedAddress.containsKey(spec.relayedAddress())) {
      throw new IllegalStateException("relayed address in use: " + spec.relayedAddress());
    }
    pending.remove(admission.fiveTuple());
    admission.close();
    long lifetime = limits.lifetimes().grantAllocate(spec.requestedLifetimeSeconds());
    Allocation<R> allocation = new Allocation<>(spec, relay, limits, lifetime, now);
    byFiveTuple.put(spec.fiveTuple(), allocation);
    byRelayedAddress.put(spec.relayedAddress(), allocation);
    return allocation;
  }

  /** Gives back the quota slot and 5-tuple of an admission that will not complete. */
  public void abandon(Admission<R> admission) {
    if (!admission.isOpen()) {
      return;
    }
    admission.close();
    pending.remove(admission.fiveTuple(), admission);
    quotas.release(admission.username());
  }

  /** The live allocation on {@code fiveTuple}, or null; releases it first if it has expired. */
  public Allocation<R> get(FiveTuple fiveTuple, long now) {
    return liveOrRelease(byFiveTuple.get(fiveTuple), now);
  }

  /** The live allocation relaying on {@code relayedAddress}, or null. */
  public Allocation<R> byRelayedAddress(TransportAddress relayedAddress, long now) {
    return liveOrRelease(byRelayedAddress.get(relayedAddress), now);
  }

  /**
   * Refresh (RFC 8656 §8.2): sets the time-to-expiry to the "desired lifetime", or deletes the
   * allocation when it is zero. Either way the request succeeds.
   *
   * @param requestedSeconds LIFETIME, or {@link LifetimePolicy#NOT_REQUESTED}
   * @return the lifetime granted, 0 when the allocation was deleted
   */
  public long refresh(Allocation<R> allocation, long requestedSeconds, long now) {
    if (allocation.isReleased()) {
      throw new IllegalStateException("refresh of a released allocation: " + allocation);
    }
    long granted = limits.lifetimes().grantRefresh(requestedSeconds);
    if (granted == 0) {
      release(allocation, ReleaseReason.DELETED, now);
    } else {
      allocation.refresh(granted, now);
    }
    return granted;
  }

  /** Ends an allocation now (admin kill, client connection closed); no-op if already released. */
  public void release(Allocation<R> allocation, ReleaseReason reason, long now) {
    if (allocation.isReleased() || byFiveTuple.get(allocation.fiveTuple()) != allocation) {
      return;
    }
    byFiveTuple.remove(allocation.fiveTuple());
    byRelayedAddress.remove(allocation.relayedAddress());
    allocation.markReleased();
    quotas.release(allocation.username());
    allocation.relay().close();
    listener.released(allocation, reason, now);
  }

  /**
   * Reaps expired allocations (closing their relays) and the expired permissions and channels of
   * the live ones. Meant to run once a second on the owning loop.
   */
  public SweepResult sweep(long now) {
    List<Allocation<R>> expired = new ArrayList<>(0);
    int permissions = 0;
    int channels = 0;
    for (Allocation<R> allocation : byFiveTuple.values()) {
      if (!allocation.isLive(now)) {
        expired.add(allocation);
      } else {
        permissions += allocation.permissions().sweep(now);
        channels += allocation.channels().sweep(now);
      }
    }
    for (Allocation<R> allocation : expired) {
      release(allocation, ReleaseReason.EXPIRED, now);
    }
    if (expired.isEmpty() && permissions == 0 && channels == 0) {
      return SweepResult.EMPTY;
    }
    return new SweepResult(expired.size(), permissions, channels);
  }

  /** Releases everything (shutdown), closing every relay endpoint. */
  public void closeAll(long now) {
    for (Allocation<R> allocation : new ArrayList<>(byFiveTuple.values())) {
      release(allocation, ReleaseReason.CLOSED, now);
    }
    for (Admission<R> admission : new ArrayList<>(pending.values())) {
      abandon(admission);
    }
  }

  /** Visits every allocation held, for admin snapshots; run it on the owning loop. */
  public void forEach(Consumer<? super Allocation<R>> action) {
    byFiveTuple.values().forEach(action);
  }

  /** Allocations held, including expired ones not yet reaped. */
  public int size() {
    return byFiveTuple.size();
  }

  /** Admissions waiting for their relay endpoint. */
  public int pendingCount() {
    return pending.size();
  }

  private Allocation<R> liveOrRelease(Allocation<R> allocation, long now) {
    if (allocation == null) {
      return null;
    }
    if (!allocation.isLive(now)) {
      release(allocation, ReleaseReason.EXPIRED, now);
      return null;
    }
    return allocation;
  }

  private Admission<R> refuse(
      Admission.Outcome outcome,
      FiveTuple fiveTuple,
      TransactionId transactionId,
      String username) {
    return new Admission<>(outcome, fiveTuple, transactionId, username, null);
  }
}

package dev.ferry.turn.allocation;

/**
 * Told when an allocation ends, after its relay endpoint was closed, so the caller can log the
 * lifecycle line and update meters.
 */
@FunctionalInterface
public interface AllocationListener<R extends RelayEndpoint> {
  /** A listener that does nothing. */
  static <R extends RelayEndpoint> AllocationListener<R> none() {
    return (allocation, reason, now) -> {};
  }

  void released(Allocation<R> allocation, ReleaseReason reason, long now);
}

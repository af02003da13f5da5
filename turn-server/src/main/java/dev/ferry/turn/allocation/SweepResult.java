package dev.ferry.turn.allocation;

/**
 * What one sweep reaped, for meters.
 *
 * @param allocations allocations that expired and were released
 * @param permissions permissions of live allocations that expired
 * @param channels channel bindings of live allocations that expired (quarantine starts)
 */
public record SweepResult(int allocations, int permissions, int channels) {
  /** Nothing reaped. */
  public static final SweepResult EMPTY = new SweepResult(0, 0, 0);
}

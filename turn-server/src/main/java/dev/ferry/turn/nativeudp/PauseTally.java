package dev.ferry.turn.nativeudp;

import java.util.concurrent.atomic.LongAdder;

/**
 * How often and how long the event loops paused after busy rounds ({@link WakeupCoalescing}),
 * summed over all loops for the metrics ({@code turn_io_coalesce_pauses_total}).
 */
public final class PauseTally {
  private final LongAdder pauses = new LongAdder();
  private final LongAdder nanos = new LongAdder();

  /** Records one pause that lasted {@code pausedNanos}. */
  public void add(long pausedNanos) {
    pauses.increment();
    nanos.add(pausedNanos);
  }

  /** Pauses taken so far. */
  public long pauses() {
    return pauses.sum();
  }

  /**
   * Time spent in them, measured around each pause (timer slack and the wait for a CPU included).
   */
  public long pausedNanos() {
    return nanos.sum();
  }
}

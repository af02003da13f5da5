package dev.ferry.bench.load;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Histograms shared by the sessions of one event loop: confined to that loop's thread, so recording
 * needs no synchronisation; the run merges them once the loop is quiet.
 */
final class LoopStats {
  /** Largest value recorded, in microseconds; larger values are clamped to it. */
  static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(60);

  final Histogram rttMicros = newHistogram();

  /** The relay's share of each round trip: see {@link TurnSession}'s echo handling. */
  final Histogram relayRttMicros = newHistogram();

  final Histogram setupMicros = newHistogram();

  /**
   * Round trips slower than this (system property {@code ferry.load.slowMicros}; 0, the default,
   * keeps none) are kept as (sent, received) System.nanoTime pairs, which on Linux is
   * CLOCK_MONOTONIC: {@code perf record -k mono} events line up with them.
   */
  static final long SLOW_NANOS = Long.getLong("ferry.load.slowMicros", 0) * 1000;

  private static final int SLOW_KEPT = 512;
  final long[] slow = new long[SLOW_NANOS > 0 ? 2 * SLOW_KEPT : 0];
  int slowCount;

  void recordRtt(long sentAt, long now) {
    record(rttMicros, now - sentAt);
    if (SLOW_NANOS > 0 && now - sentAt >= SLOW_NANOS && slowCount < SLOW_KEPT) {
      slow[2 * slowCount] = sentAt;
      slow[2 * slowCount + 1] = now;
      slowCount++;
    }
  }

  void printSlow() {
    for (int i = 0; i < slowCount; i++) {
      System.err.printf(
          "slow rtt sent %d.%09d received %d.%09d us %d%n",
          slow[2 * i] / 1_000_000_000L,
          slow[2 * i] % 1_000_000_000L,
          slow[2 * i + 1] / 1_000_000_000L,
          slow[2 * i + 1] % 1_000_000_000L,
          (slow[2 * i + 1] - slow[2 * i]) / 1000);
    }
  }

  static Histogram newHistogram() {
    return new Histogram(1, HIGHEST_MICROS, 3);
  }

  static void record(Histogram histogram, long nanos) {
    long micros = Math.max(1, nanos / 1000);
    histogram.recordValue(Math.min(micros, HIGHEST_MICROS));
  }
}

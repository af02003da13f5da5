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
  final Histogram setupMicros = newHistogram();

  static Histogram newHistogram() {
    return new Histogram(1, HIGHEST_MICROS, 3);
  }

  static void record(Histogram histogram, long nanos) {
    long micros = Math.max(1, nanos / 1000);
    histogram.recordValue(Math.min(micros, HIGHEST_MICROS));
  }
}

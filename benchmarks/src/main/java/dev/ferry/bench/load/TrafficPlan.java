package dev.ferry.bench.load;

/**
 * The timeline and limits of one traffic phase, in System.nanoTime terms: sending starts at {@code
 * startNanos}; echoes of packets sent in [{@code measureStartNanos}, {@code measureEndNanos}) are
 * counted; sending stops at {@code measureEndNanos}; late echoes are awaited until {@code
 * drainEndNanos}.
 */
record TrafficPlan(
    Mode mode,
    long startNanos,
    long measureStartNanos,
    long measureEndNanos,
    long drainEndNanos,
    long intervalNanos,
    int window,
    long maxPackets,
    long stallNanos) {

  /** A plan starting at {@code now}. */
  static TrafficPlan of(LoadConfig config, long now) {
    long start = now;
    long measureStart = start + secondsToNanos(config.warmupSeconds());
    long measureEnd = measureStart + secondsToNanos(config.durationSeconds());
    long drainEnd = measureEnd + secondsToNanos(config.drainSeconds());
    long interval = config.mode() == Mode.PACED ? Math.max(1L, 1_000_000_000L / config.rate()) : 0;
    return new TrafficPlan(
        config.mode(),
        start,
        measureStart,
        measureEnd,
        drainEnd,
        interval,
        config.window(),
        config.maxPackets(),
        100_000_000L);
  }

  private static long secondsToNanos(double seconds) {
    return (long) (seconds * 1e9);
  }

  /** True while packets may be sent at {@code now}. */
  boolean sending(long now) {
    return now - measureEndNanos < 0;
  }

  /** True if a packet sent at {@code sentAt} belongs to the measured window. */
  boolean measured(long sentAt) {
    return sentAt - measureStartNanos >= 0 && sentAt - measureEndNanos < 0;
  }

  /** Length of the measured window in seconds. */
  double measuredSeconds() {
    return (measureEndNanos - measureStartNanos) / 1e9;
  }
}

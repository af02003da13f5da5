package dev.ferry.turn.metrics;

import dev.ferry.turn.nativeudp.PauseTally;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/** The event loops' meters: the pauses wake-up coalescing took ({@code io-coalesce-us}). */
public final class LoopMetrics {
  private LoopMetrics() {}

  /**
   * Registers {@code turn_io_coalesce_pauses_total} and {@code
   * turn_io_coalesce_paused_seconds_total} over {@code pauses}; read at scrape time, so the loops
   * only add to the tally.
   */
  public static void register(MeterRegistry registry, PauseTally pauses) {
    FunctionCounter.builder("turn.io.coalesce.pauses", pauses, PauseTally::pauses)
        .description("Pauses the event loops took after a busy round (io-coalesce-us)")
        .register(registry);
    FunctionCounter.builder("turn.io.coalesce.paused", pauses, tally -> tally.pausedNanos() / 1e9)
        .baseUnit("seconds")
        .description("Time the event loops spent in those pauses")
        .register(registry);
  }
}

package dev.ferry.turn.nativeudp;

import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * A pause that records how long it really lasted: a parked thread runs again only after the
 * kernel's timer slack (50 µs by default) and a wait for a CPU, and may wake early, so the
 * configured length alone would misstate what the loops gave up.
 */
final class TimedPause implements LongConsumer {
  private final LongConsumer pause;
  private final LongSupplier clock;
  private final PauseTally tally;

  TimedPause(LongConsumer pause, LongSupplier clock, PauseTally tally) {
    this.pause = pause;
    this.clock = clock;
    this.tally = tally;
  }

  @Override
  public void accept(long nanos) {
    long start = clock.getAsLong();
    pause.accept(nanos);
    tally.add(clock.getAsLong() - start);
  }
}

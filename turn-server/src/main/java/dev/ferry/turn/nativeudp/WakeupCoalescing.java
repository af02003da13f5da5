package dev.ferry.turn.nativeudp;

import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.util.IntSupplier;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * The epoll loops' select strategy: after an I/O round that read at least {@link #BUSY_ROUND}
 * datagrams, the loop pauses ({@code io-coalesce-us}) before polling again, so that the next round
 * carries the datagrams of that pause instead of one wake-up each few.
 *
 * <p>Why: a loop that sleeps in epoll and is woken by the next datagram pays a sleep and a wake-up
 * per round, which on a VM whose vCPUs halt without polling costs about as much CPU as relaying ten
 * datagrams (a {@code nanosleep} there costs 15-24 µs). A round of 24 datagrams or more happens
 * only when the loop is busy with many flows; the pause then costs one such sleep and the next
 * round carries what arrived during it, so datagrams wait about the pause. Lighter loads (a few
 * datagrams per round, media rates) never pause, and neither does one closed-loop flow whose window
 * is smaller than a busy round. Tasks submitted during a pause wait for its end. The pauses and
 * their real length are counted ({@link PauseTally}, {@code turn_io_coalesce_pauses_total}).
 */
public final class WakeupCoalescing implements SelectStrategy {
  /** Datagrams one round must read for the loop to pause before the next. */
  public static final int BUSY_ROUND = 24;

  private final long pauseNanos;
  private final IntSupplier datagramsThisRound;
  private final LongConsumer pause;

  WakeupCoalescing(long pauseNanos, IntSupplier datagramsThisRound, LongConsumer pause) {
    this.pauseNanos = pauseNanos;
    this.datagramsThisRound = datagramsThisRound;
    this.pause = pause;
  }

  /**
   * Strategies pausing {@code micros} µs after a busy round (the datagrams read on libferryudp),
   * each pause counted in {@code tally}.
   */
  public static SelectStrategyFactory factory(int micros, PauseTally tally) {
    long nanos = micros * 1_000L;
    return () ->
        new WakeupCoalescing(
            nanos,
            () -> ReceiveArea.current().takeDatagramsRead(),
            new TimedPause(LockSupport::parkNanos, System::nanoTime, tally));
  }

  @Override
  public int calculateStrategy(IntSupplier selectSupplier, boolean hasTasks) throws Exception {
    int read = datagramsThisRound.get();
    if (hasTasks) {
      return selectSupplier.get(); // Netty's default: tasks wait for no sleep
    }
    if (read >= BUSY_ROUND) {
      pause.accept(pauseNanos);
      return selectSupplier.get(); // a poll that does not block: the next round starts now
    }
    return SelectStrategy.SELECT;
  }
}

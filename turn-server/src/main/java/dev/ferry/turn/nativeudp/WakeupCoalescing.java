package dev.ferry.turn.nativeudp;

import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.util.IntSupplier;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The epoll loops' select strategy: after an I/O round that read at least {@link #BUSY_ROUND}
 * datagrams, while datagrams keep arriving fast enough that a pause gathers {@link #PAUSE_WORTH} of
 * them, the loop pauses ({@code io-coalesce-us}) before polling again, so that the next round
 * carries the datagrams of that pause instead of one wake-up each few.
 *
 * <p>Why: a loop that sleeps in epoll and is woken by the next datagram pays a sleep and a wake-up
 * per round, which on a VM whose vCPUs halt without polling costs about as much CPU as relaying ten
 * datagrams (a {@code nanosleep} there costs 15-24 µs). Under a heavy load the pause costs one such
 * sleep and the next round carries what arrived during it, so datagrams wait about the pause.
 *
 * <p>Both conditions matter. A round of 24 datagrams or more happens when the loop is busy with
 * many flows, never with one closed-loop flow whose window is smaller. But it also happens at media
 * rates, when the loop or the senders were held up a few milliseconds and a backlog arrives at
 * once; pausing then only delays packets that are already late. So the loop also judges the rate it
 * read at over the last {@link #RATE_WINDOW_NANOS}: a pause that would gather fewer than {@link
 * #PAUSE_WORTH} datagrams is not worth the wait. Tasks submitted during a pause wait for its end.
 * The pauses and their real length are counted ({@link PauseTally}, {@code
 * turn_io_coalesce_pauses_total}).
 */
public final class WakeupCoalescing implements SelectStrategy {
  /** Datagrams one round must read for the loop to pause before the next. */
  public static final int BUSY_ROUND = 24;

  /**
   * Datagrams a pause must gather at the recent rate to be worth its wake-up: about what relaying
   * costs as much CPU as one sleep and wake-up here (15-24 µs, some ten datagrams).
   */
  static final int PAUSE_WORTH = 12;

  /**
   * Shortest span the rate is judged over: long enough that a backlog of a few milliseconds' stall
   * read in one round does not pass for a sustained rate, short enough to follow a load change.
   */
  static final long RATE_WINDOW_NANOS = 5_000_000;

  private final long pauseNanos;
  private final IntSupplier datagramsThisRound;
  private final LongConsumer pause;
  private final LongSupplier clock;
  private final PauseTally tally;
  private long windowStart;
  private long windowDatagrams;
  private boolean sustained;

  WakeupCoalescing(
      long pauseNanos,
      IntSupplier datagramsThisRound,
      LongConsumer pause,
      LongSupplier clock,
      PauseTally tally) {
    this.pauseNanos = pauseNanos;
    this.datagramsThisRound = datagramsThisRound;
    this.pause = pause;
    this.clock = clock;
    this.tally = tally;
    this.windowStart = clock.getAsLong();
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
            LockSupport::parkNanos,
            System::nanoTime,
            tally);
  }

  @Override
  public int calculateStrategy(IntSupplier selectSupplier, boolean hasTasks) throws Exception {
    int read = datagramsThisRound.get();
    if (read > 0) {
      judgeRate(read); // the clock is read only on rounds that read something
    }
    if (hasTasks) {
      return selectSupplier.get(); // Netty's default: tasks wait for no sleep
    }
    if (read >= BUSY_ROUND && sustained) {
      // Tallied as it lasted: a parked thread runs again after the timer slack and a wait for a
      // CPU (420-640 µs for 300 here), and may wake early.
      long start = clock.getAsLong();
      pause.accept(pauseNanos);
      tally.add(clock.getAsLong() - start);
      return selectSupplier.get(); // a poll that does not block: the next round starts now
    }
    return SelectStrategy.SELECT;
  }

  private void judgeRate(int read) {
    windowDatagrams += read;
    long now = clock.getAsLong();
    long elapsed = now - windowStart;
    if (elapsed >= RATE_WINDOW_NANOS) {
      // datagrams / elapsed * pause >= PAUSE_WORTH, without a division
      sustained = windowDatagrams * pauseNanos >= PAUSE_WORTH * elapsed;
      windowStart = now;
      windowDatagrams = 0;
    }
  }
}

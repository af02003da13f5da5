package dev.ferry.turn.nativeudp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.SelectStrategy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WakeupCoalescingTest {
  private static final int READY = 7;
  private static final long PAUSE = 300_000;

  private final List<Long> pauses = new ArrayList<>();
  private final PauseTally tally = new PauseTally();
  private long now = -1_000_000_000L; // System.nanoTime may be negative
  private long pauseLasts;
  private int read;
  private int polls;
  private final WakeupCoalescing coalescing =
      new WakeupCoalescing(
          PAUSE,
          () -> read,
          nanos -> {
            pauses.add(nanos);
            now += pauseLasts;
          },
          () -> now,
          tally);

  private int round(int datagrams, boolean hasTasks) throws Exception {
    read = datagrams;
    return coalescing.calculateStrategy(
        () -> {
          polls++;
          return READY;
        },
        hasTasks);
  }

  /**
   * One rate window of rounds of {@code perRound} datagrams every {@code everyNanos}, without
   * pauses counted.
   */
  private void window(int perRound, long everyNanos) throws Exception {
    for (long t = 0; t < WakeupCoalescing.RATE_WINDOW_NANOS; t += everyNanos) {
      now += everyNanos;
      round(perRound, true);
    }
    polls = 0;
  }

  @Test
  void calculateStrategy_busyRoundAtASustainedRate_pausesThenPollsWithoutBlocking()
      throws Exception {
    window(WakeupCoalescing.BUSY_ROUND, PAUSE); // a busy round every pause: 80,000/s

    int strategy = round(WakeupCoalescing.BUSY_ROUND, false);

    assertThat(pauses).containsExactly(PAUSE);
    assertThat(polls).isEqualTo(1);
    assertThat(strategy).isEqualTo(READY);
  }

  @Test
  void calculateStrategy_pausesForTheLengthAskedAndTalliesTheLengthItLasted() throws Exception {
    window(WakeupCoalescing.BUSY_ROUND, PAUSE);
    pauseLasts = 352_000; // the timer slack and the wait for a CPU on top of the 300 µs asked

    round(WakeupCoalescing.BUSY_ROUND, false);
    round(WakeupCoalescing.BUSY_ROUND, false);

    assertThat(pauses).containsExactly(300_000L, 300_000L);
    assertThat(tally.pauses()).isEqualTo(2);
    assertThat(tally.pausedNanos()).isEqualTo(704_000);
  }

  @Test
  void calculateStrategy_atARateWhereAPauseGathersJustEnough_pauses() throws Exception {
    window(WakeupCoalescing.PAUSE_WORTH, PAUSE); // 40,000/s

    round(WakeupCoalescing.BUSY_ROUND, false);

    assertThat(pauses).containsExactly(PAUSE);
  }

  @Test
  void calculateStrategy_backlogAfterAStallAtMediaRates_doesNotPause() throws Exception {
    window(3, 1_000_000); // 3,000/s: what 30 calls at 50 packets/s each send
    now += 10_000_000; // a 10 ms stall...
    round(40, true); // ...and its backlog, read in one round
    window(3, 1_000_000);

    int strategy = round(WakeupCoalescing.BUSY_ROUND, false);

    assertThat(pauses).isEmpty();
    assertThat(strategy).isEqualTo(SelectStrategy.SELECT);
  }

  @Test
  void calculateStrategy_busyRoundBeforeAnyRateIsKnown_doesNotPause() throws Exception {
    int strategy = round(100, false);

    assertThat(pauses).isEmpty();
    assertThat(strategy).isEqualTo(SelectStrategy.SELECT);
  }

  @Test
  void calculateStrategy_lightRoundAtASustainedRate_blocksInEpollAtOnce() throws Exception {
    window(WakeupCoalescing.BUSY_ROUND, PAUSE);

    int strategy = round(WakeupCoalescing.BUSY_ROUND - 1, false);

    assertThat(pauses).isEmpty();
    assertThat(polls).isZero();
    assertThat(strategy).isEqualTo(SelectStrategy.SELECT);
  }

  @Test
  void calculateStrategy_withTasksWaiting_pollsWithoutPausingEvenAfterABusyRound()
      throws Exception {
    window(WakeupCoalescing.BUSY_ROUND, PAUSE);

    int strategy = round(100, true);

    assertThat(pauses).isEmpty();
    assertThat(polls).isEqualTo(1);
    assertThat(strategy).isEqualTo(READY);
  }

  @Test
  void calculateStrategy_rateFallsAwayAfterAWindowOfLightLoad_stopsPausing() throws Exception {
    window(WakeupCoalescing.BUSY_ROUND, PAUSE);
    window(2, 1_000_000);

    round(WakeupCoalescing.BUSY_ROUND, false);

    assertThat(pauses).isEmpty();
  }
}

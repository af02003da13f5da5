package dev.ferry.turn.nativeudp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.SelectStrategy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WakeupCoalescingTest {
  private static final int READY = 7;

  private final List<Long> pauses = new ArrayList<>();
  private int polls;

  private int strategy(int datagramsThisRound, boolean hasTasks) throws Exception {
    WakeupCoalescing coalescing =
        new WakeupCoalescing(300_000, () -> datagramsThisRound, pauses::add);
    return coalescing.calculateStrategy(
        () -> {
          polls++;
          return READY;
        },
        hasTasks);
  }

  @Test
  void calculateStrategy_afterABusyRound_pausesThenPollsWithoutBlocking() throws Exception {
    int strategy = strategy(WakeupCoalescing.BUSY_ROUND, false);

    assertThat(pauses).containsExactly(300_000L);
    assertThat(polls).isEqualTo(1);
    assertThat(strategy).isEqualTo(READY);
  }

  @Test
  void calculateStrategy_afterALightRound_blocksInEpollAtOnce() throws Exception {
    int strategy = strategy(WakeupCoalescing.BUSY_ROUND - 1, false);

    assertThat(pauses).isEmpty();
    assertThat(polls).isZero();
    assertThat(strategy).isEqualTo(SelectStrategy.SELECT);
  }

  @Test
  void calculateStrategy_withTasksWaiting_pollsWithoutPausingEvenAfterABusyRound()
      throws Exception {
    int strategy = strategy(100, true);

    assertThat(pauses).isEmpty();
    assertThat(polls).isEqualTo(1);
    assertThat(strategy).isEqualTo(READY);
  }
}

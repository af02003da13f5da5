package dev.ferry.turn.nativeudp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimedPauseTest {
  private long now = 1_000;

  @Test
  void accept_pausesForTheLengthAskedAndTalliesTheLengthItLasted() {
    List<Long> asked = new ArrayList<>();
    PauseTally tally = new PauseTally();
    TimedPause pause =
        new TimedPause(
            nanos -> {
              asked.add(nanos);
              now += 352_000; // the timer slack on top of the 300 µs asked
            },
            () -> now,
            tally);

    pause.accept(300_000);
    pause.accept(300_000);

    assertThat(asked).containsExactly(300_000L, 300_000L);
    assertThat(tally.pauses()).isEqualTo(2);
    assertThat(tally.pausedNanos()).isEqualTo(704_000);
  }
}

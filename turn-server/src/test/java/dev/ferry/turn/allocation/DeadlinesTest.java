package dev.ferry.turn.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadlinesTest {
  private static final long NEAR_MAX = Long.MAX_VALUE - 10_000_000_000L;

  @Test
  void deadline_wrappingPastLongMaxValue_isStillPendingBeforeIt() {
    long deadline = Deadlines.after(NEAR_MAX, 300);
    assertThat(deadline).isNegative(); // wrapped
    assertThat(Deadlines.isPending(deadline, NEAR_MAX)).isTrue();
    assertThat(Deadlines.isPending(deadline, NEAR_MAX + 299_999_999_999L)).isTrue();
  }

  @Test
  void deadline_wrappingPastLongMaxValue_expiresOnTime() {
    long deadline = Deadlines.after(NEAR_MAX, 300);
    assertThat(Deadlines.isPending(deadline, NEAR_MAX + 300_000_000_000L)).isFalse();
  }

  @Test
  void remainingSeconds_roundsUpAndStopsAtZero() {
    long deadline = Deadlines.after(NEAR_MAX, 600);
    assertThat(Deadlines.remainingSeconds(deadline, NEAR_MAX)).isEqualTo(600);
    assertThat(Deadlines.remainingSeconds(deadline, NEAR_MAX + 1)).isEqualTo(600);
    assertThat(Deadlines.remainingSeconds(deadline, NEAR_MAX + 599_000_000_000L)).isEqualTo(1);
    assertThat(Deadlines.remainingSeconds(deadline, NEAR_MAX + 601_000_000_000L)).isZero();
  }
}

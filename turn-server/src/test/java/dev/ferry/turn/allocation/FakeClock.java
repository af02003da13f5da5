package dev.ferry.turn.allocation;

import java.time.Duration;

/** A clock the test moves by hand. */
final class FakeClock implements NanoClock {
  private long now;

  FakeClock(long start) {
    this.now = start;
  }

  FakeClock() {
    this(1_000_000_000L);
  }

  @Override
  public long nanoTime() {
    return now;
  }

  long advance(Duration by) {
    now += by.toNanos();
    return now;
  }

  long advanceSeconds(long seconds) {
    return advance(Duration.ofSeconds(seconds));
  }
}

package dev.ferry.turn.allocation;

import java.util.concurrent.TimeUnit;

/**
 * Deadline arithmetic that stays correct when {@link NanoClock} values wrap around Long.MAX_VALUE.
 */
public final class Deadlines {
  private Deadlines() {}

  /** The deadline {@code seconds} after {@code now}; may wrap, which the checks below tolerate. */
  public static long after(long now, long seconds) {
    return now + TimeUnit.SECONDS.toNanos(seconds);
  }

  /** True while {@code now} is strictly before {@code deadline}. */
  public static boolean isPending(long deadline, long now) {
    return deadline - now > 0;
  }

  /** Whole seconds left until {@code deadline}, rounded up, or 0 once it has passed. */
  public static long remainingSeconds(long deadline, long now) {
    long left = deadline - now;
    if (left <= 0) {
      return 0;
    }
    return (left + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
  }
}

package dev.ferry.turn.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class UnauthenticatedResponseLimiterProperties {

  @Property(tries = 500)
  void singleSource_allowedNeverExceedsBurstPlusRateTimesElapsed(
      @ForAll @IntRange(min = 1, max = 50) int ratePerSecond,
      @ForAll @IntRange(min = 1, max = 20) int burst,
      @ForAll @Size(min = 1, max = 300) List<@LongRange(min = 0, max = 200_000_000L) Long> gaps,
      @ForAll long start) {
    AtomicLong now = new AtomicLong(start);
    UnauthenticatedResponseLimiter l =
        new UnauthenticatedResponseLimiter(
            ratePerSecond, burst, 16, now::get, new SplittableRandom(1));
    long interval = Math.round(1e9 / ratePerSecond);
    long allowed = 0;

    for (long gap : gaps) {
      now.addAndGet(gap);
      if (l.tryAcquireIpv4(0x0a000001)) {
        allowed++;
      }
      long elapsed = now.get() - start;
      assertThat(allowed).isLessThanOrEqualTo(burst + elapsed / interval);
    }
  }

  @Property(tries = 500)
  void singleSource_requestAfterFullInterval_alwaysAllowed(
      @ForAll @IntRange(min = 1, max = 50) int ratePerSecond,
      @ForAll @IntRange(min = 1, max = 20) int burst,
      @ForAll @Size(min = 1, max = 100) List<@LongRange(min = 0, max = 50_000_000L) Long> gaps) {
    AtomicLong now = new AtomicLong();
    UnauthenticatedResponseLimiter l =
        new UnauthenticatedResponseLimiter(
            ratePerSecond, burst, 16, now::get, new SplittableRandom(1));
    long interval = Math.round(1e9 / ratePerSecond);

    for (long gap : gaps) {
      now.addAndGet(gap);
      l.tryAcquireIpv4(0x0a000001);
    }
    now.addAndGet(interval);

    assertThat(l.tryAcquireIpv4(0x0a000001)).isTrue();
  }
}

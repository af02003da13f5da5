package dev.ferry.turn.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UnauthenticatedResponseLimiterTest {

  private static final long MS = 1_000_000L;

  private final AtomicLong now = new AtomicLong(123_456_789L);

  private UnauthenticatedResponseLimiter limiter(double rate, int burst, int entries) {
    return new UnauthenticatedResponseLimiter(
        rate, burst, entries, now::get, new SplittableRandom(99));
  }

  private static int v4(String literal) {
    return AddressCanonicalizer.ipv4(IpLiterals.parse(literal));
  }

  private static int allowedOf(UnauthenticatedResponseLimiter l, int source, int attempts) {
    int allowed = 0;
    for (int i = 0; i < attempts; i++) {
      if (l.tryAcquireIpv4(source)) {
        allowed++;
      }
    }
    return allowed;
  }

  @Test
  void tryAcquire_quietSource_allowsExactlyBurstAtOnce() {
    UnauthenticatedResponseLimiter l = limiter(10, 3, 64);

    assertThat(allowedOf(l, v4("198.51.100.7"), 10)).isEqualTo(3);
    assertThat(l.denied()).isEqualTo(7);
  }

  @Test
  void tryAcquire_afterOneInterval_allowsOneMore() {
    UnauthenticatedResponseLimiter l = limiter(10, 3, 64);
    int source = v4("198.51.100.7");
    allowedOf(l, source, 3);

    now.addAndGet(100 * MS - 1);
    assertThat(l.tryAcquireIpv4(source)).isFalse();
    now.incrementAndGet();
    assertThat(l.tryAcquireIpv4(source)).isTrue();
    assertThat(l.tryAcquireIpv4(source)).isFalse();
  }

  @Test
  void tryAcquire_longQuiet_refillsToBurstNotBeyond() {
    UnauthenticatedResponseLimiter l = limiter(10, 3, 64);
    int source = v4("198.51.100.7");
    allowedOf(l, source, 3);

    now.addAndGet(60_000 * MS);

    assertThat(allowedOf(l, source, 10)).isEqualTo(3);
  }

  @Test
  void tryAcquire_steadyStream_allowsRatePerSecond() {
    UnauthenticatedResponseLimiter l = limiter(10, 1, 64);
    int source = v4("198.51.100.7");
    int allowed = 0;

    for (int ms = 0; ms < 1000; ms++) {
      allowed += allowedOf(l, source, 1);
      now.addAndGet(MS);
    }

    assertThat(allowed).isEqualTo(10);
  }

  @Test
  void tryAcquire_fractionalRate_usesRoundedInterval() {
    UnauthenticatedResponseLimiter l = limiter(0.5, 1, 64);
    int source = v4("198.51.100.7");
    l.tryAcquireIpv4(source);

    now.addAndGet(2_000 * MS - 1);
    assertThat(l.tryAcquireIpv4(source)).isFalse();
    now.incrementAndGet();
    assertThat(l.tryAcquireIpv4(source)).isTrue();
  }

  @Test
  void tryAcquire_differentSources_independentBuckets() {
    UnauthenticatedResponseLimiter l = limiter(10, 2, 64);
    allowedOf(l, v4("198.51.100.7"), 5);

    assertThat(allowedOf(l, v4("198.51.100.8"), 5)).isEqualTo(2);
  }

  @Test
  void tryAcquire_ipv6SameSlash64_sharesBucket() {
    UnauthenticatedResponseLimiter l = limiter(10, 2, 64);
    byte[] a = IpLiterals.parse("2001:db8:1:2::1");
    byte[] b = IpLiterals.parse("2001:db8:1:2:ffff::9");
    byte[] other = IpLiterals.parse("2001:db8:1:3::1");

    assertThat(l.tryAcquire(a)).isTrue();
    assertThat(l.tryAcquire(b)).isTrue();
    assertThat(l.tryAcquire(a)).isFalse();
    assertThat(l.tryAcquire(other)).isTrue();
  }

  @Test
  void tryAcquire_ipv4MappedSource_sharesIpv4Bucket() throws UnknownHostException {
    UnauthenticatedResponseLimiter l = limiter(10, 1, 64);

    assertThat(l.tryAcquire(InetAddress.getByAddress(new byte[] {(byte) 198, 51, 100, 7})))
        .isTrue();
    assertThat(l.tryAcquire(IpLiterals.parse("::ffff:198.51.100.7"))).isFalse();
  }

  @Test
  void tryAcquire_badLength_deniedAndCounted() {
    UnauthenticatedResponseLimiter l = limiter(10, 1, 64);

    assertThat(l.tryAcquire(new byte[3])).isFalse();
    assertThat(l.denied()).isEqualTo(1);
  }

  @Test
  void tryAcquire_acrossClockWrap_refillsNormally() {
    now.set(Long.MAX_VALUE - 50 * MS);
    UnauthenticatedResponseLimiter l = limiter(10, 1, 64);
    int source = v4("198.51.100.7");
    l.tryAcquireIpv4(source);

    now.addAndGet(99 * MS);
    assertThat(l.tryAcquireIpv4(source)).isFalse();
    now.addAndGet(MS);
    assertThat(l.tryAcquireIpv4(source)).isTrue();
  }

  @Test
  void tryAcquire_millionSpoofedSources_tableNeverGrows() {
    UnauthenticatedResponseLimiter l = limiter(10, 5, 1024);
    SplittableRandom spoof = new SplittableRandom(5);

    for (int i = 0; i < 1_000_000; i++) {
      l.tryAcquireIpv4(spoof.nextInt());
    }

    assertThat(l.capacity()).isEqualTo(1024);
    assertThat(l.trackedSources()).isEqualTo(1024);
    assertThat(l.evictions()).isGreaterThan(900_000);
  }

  @Test
  void tryAcquire_victimUnderSpoofFlood_neverGetsMoreThanItsSetsShare() {
    double rate = 10;
    int burst = 5;
    UnauthenticatedResponseLimiter l = limiter(rate, burst, 1024);
    SplittableRandom spoof = new SplittableRandom(5);
    int victim = v4("198.51.100.7");
    int victimAllowed = 0;

    // One second: each millisecond 300 spoofed sources that drain their buckets, then 10
    // requests spoofing the victim.
    for (int ms = 0; ms < 1000; ms++) {
      for (int i = 0; i < 300; i++) {
        allowedOf(l, spoof.nextInt(), burst + 1);
      }
      victimAllowed += allowedOf(l, victim, 10);
      now.addAndGet(MS);
    }

    // A fresh bucket on every eviction would give the victim a burst each time it is evicted
    // (thousands); inheriting the evicted state bounds it by what one set may send.
    assertThat(victimAllowed)
        .isLessThanOrEqualTo(UnauthenticatedResponseLimiter.WAYS * (int) (rate + burst));
  }

  @Test
  void constructor_tableSize_roundedUpToPowerOfTwo() {
    assertThat(limiter(1, 1, 1000).capacity()).isEqualTo(1024);
    assertThat(limiter(1, 1, 1).capacity()).isEqualTo(UnauthenticatedResponseLimiter.WAYS);
    assertThat(limiter(1, 1, 4096).capacity()).isEqualTo(4096);
  }

  @Test
  void constructor_nonPositiveRateOrBurst_throws() {
    assertThatThrownBy(() -> limiter(0, 1, 64)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limiter(Double.NaN, 1, 64))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limiter(1, 0, 64)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limiter(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}

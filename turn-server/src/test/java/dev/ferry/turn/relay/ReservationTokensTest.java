package dev.ferry.turn.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ReservationTokensTest {

  private static final Duration LIFETIME = Duration.ofSeconds(30);
  private static final InetAddress RELAY = InetAddress.getLoopbackAddress();

  private final AtomicLong now = new AtomicLong(5_000);
  private final RelayPortPool pool =
      new RelayPortPool(6000, 6009, new SplittableRandom(3), now::get, Duration.ofSeconds(60));
  private final ReservationTokens tokens =
      new ReservationTokens(pool, new SplittableRandom(11), now::get, LIFETIME);

  private int reservedOdd() {
    EvenPortPair pair = pool.acquireEvenPair().orElseThrow();
    return pair.odd();
  }

  @Test
  void take_liveToken_returnsPortAndAddressOnce() {
    int port = reservedOdd();
    ReservationTokens.Reservation r = tokens.reserve(port, RELAY);

    ReservationTokens.Reservation taken = tokens.take(r.token()).orElseThrow();

    assertThat(taken.port()).isEqualTo(port);
    assertThat(taken.relayAddress()).isEqualTo(RELAY);
    assertThat(taken.expiresAtNanos()).isEqualTo(5_000 + LIFETIME.toNanos());
    assertThat(tokens.take(r.token())).isEmpty();
    assertThat(tokens.size()).isZero();
  }

  @Test
  void take_unknownToken_empty() {
    assertThat(tokens.take(42)).isEmpty();
  }

  @Test
  void take_takenPort_staysHeldForTheNewOwner() {
    int port = reservedOdd();
    long token = tokens.reserve(port, RELAY).token();
    int inUse = pool.inUse();

    tokens.take(token);

    assertThat(pool.inUse()).isEqualTo(inUse);
    assertThat(pool.release(port)).isTrue();
  }

  @Test
  void take_atDeadline_emptyAndPortBackInPool() {
    int port = reservedOdd();
    long token = tokens.reserve(port, RELAY).token();
    now.addAndGet(LIFETIME.toNanos());

    assertThat(tokens.take(token)).isEmpty();
    assertThat(pool.inUse()).isEqualTo(1);
    assertThat(pool.release(port)).isFalse();
  }

  @Test
  void take_justBeforeDeadline_succeeds() {
    long token = tokens.reserve(reservedOdd(), RELAY).token();
    now.addAndGet(LIFETIME.toNanos() - 1);

    assertThat(tokens.take(token)).isPresent();
  }

  @Test
  void sweep_releasesOnlyExpiredReservations() {
    int first = reservedOdd();
    tokens.reserve(first, RELAY);
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    int second = reservedOdd();
    long secondToken = tokens.reserve(second, RELAY).token();
    now.addAndGet(Duration.ofSeconds(20).toNanos());

    assertThat(tokens.sweep()).isEqualTo(1);

    assertThat(tokens.size()).isEqualTo(1);
    assertThat(pool.release(first)).isFalse();
    assertThat(tokens.take(secondToken)).isPresent();
  }

  @Test
  void sweep_afterTake_doesNotReleaseClaimedPort() {
    int port = reservedOdd();
    long token = tokens.reserve(port, RELAY).token();
    tokens.take(token);
    now.addAndGet(LIFETIME.toNanos() * 2);

    assertThat(tokens.sweep()).isZero();
    assertThat(pool.release(port)).isTrue();
  }

  @Test
  void deadline_acrossClockWrap_comparedOverflowSafe() {
    now.set(Long.MAX_VALUE - 1_000);
    long token = tokens.reserve(reservedOdd(), RELAY).token();
    now.addAndGet(LIFETIME.toNanos() - 1);

    assertThat(tokens.sweep()).isZero();
    assertThat(tokens.take(token)).isPresent();
  }

  @Test
  void reserve_randomRepeatsLiveToken_drawsAnother() {
    RandomGenerator repeating =
        new RandomGenerator() {
          private final long[] values = {7, 7, 9};
          private int next;

          @Override
          public long nextLong() {
            return values[next++];
          }
        };
    ReservationTokens t = new ReservationTokens(pool, repeating, now::get, LIFETIME);

    long a = t.reserve(reservedOdd(), RELAY).token();
    long b = t.reserve(reservedOdd(), RELAY).token();

    assertThat(a).isEqualTo(7);
    assertThat(b).isEqualTo(9);
  }
}

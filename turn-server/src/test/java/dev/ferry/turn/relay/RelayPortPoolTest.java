package dev.ferry.turn.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RelayPortPoolTest {

  private final AtomicLong now = new AtomicLong(1_000);

  private RelayPortPool pool(int min, int max) {
    return new RelayPortPool(min, max, new SplittableRandom(7), now::get, Duration.ofSeconds(60));
  }

  @Test
  void acquire_defaultRange_distinctPortsThenEmptyExactlyAtRangeSize() {
    RelayPortPool pool = RelayPortPool.withDefaultRange(new SplittableRandom(1), now::get);
    Set<Integer> seen = new HashSet<>();

    for (int i = 0; i < 16384; i++) {
      int port = pool.acquire().orElseThrow();
      assertThat(port).isBetween(49152, 65535);
      assertThat(seen.add(port)).isTrue();
    }

    assertThat(pool.acquire()).isEmpty();
    assertThat(pool.inUse()).isEqualTo(16384);
    assertThat(pool.available()).isZero();
  }

  @Test
  void release_takenPort_canBeAcquiredAgain() {
    RelayPortPool pool = pool(5000, 5002);
    pool.acquire();
    pool.acquire();
    int last = pool.acquire().orElseThrow();

    assertThat(pool.release(last)).isTrue();

    assertThat(pool.acquire()).hasValue(last);
  }

  @Test
  void release_twiceOrUnknownPort_returnsFalseAndKeepsCounts() {
    RelayPortPool pool = pool(5000, 5009);
    int port = pool.acquire().orElseThrow();
    pool.release(port);

    assertThat(pool.release(port)).isFalse();
    assertThat(pool.release(4999)).isFalse();
    assertThat(pool.release(5010)).isFalse();
    assertThat(pool.available()).isEqualTo(10);
    assertThat(pool.inUse()).isZero();
  }

  @Test
  void counts_afterAcquires_addUpToCapacity() {
    RelayPortPool pool = pool(5000, 5009);
    pool.acquire();
    pool.acquire();
    pool.acquireEvenPair();

    assertThat(pool.inUse()).isEqualTo(4);
    assertThat(pool.available()).isEqualTo(6);
    assertThat(pool.unusable()).isZero();
    assertThat(pool.capacity()).isEqualTo(10);
  }

  @Test
  void acquire_choiceComesFromInjectedRandom() {
    RandomGenerator lastIndex =
        new RandomGenerator() {
          @Override
          public long nextLong() {
            return 0;
          }

          @Override
          public int nextInt(int bound) {
            return bound - 1;
          }
        };
    RelayPortPool pool = new RelayPortPool(5000, 5009, lastIndex, now::get, Duration.ofSeconds(1));

    assertThat(pool.acquire()).hasValue(5009);
  }

  @Test
  void acquireEvenPair_returnsEvenAndNextBothTaken() {
    RelayPortPool pool = pool(5000, 5099);
    EvenPortPair pair = pool.acquireEvenPair().orElseThrow();

    assertThat(pair.even() % 2).isZero();
    assertThat(pair.odd()).isEqualTo(pair.even() + 1);
    assertThat(pool.release(pair.even())).isTrue();
    assertThat(pool.release(pair.odd())).isTrue();
  }

  @Test
  void acquireEvenPair_rangeWithOddEnds_onlyInsidePairs() {
    // 5001..5004: the only pair whose both ports lie in range is 5002/5003.
    RelayPortPool pool = pool(5001, 5004);

    assertThat(pool.acquireEvenPair()).hasValue(new EvenPortPair(5002));
    assertThat(pool.acquireEvenPair()).isEmpty();
    assertThat(pool.available()).isEqualTo(2);
  }

  @Test
  void acquireEvenPair_freePortsButNoFreePair_returnsEmpty() {
    RelayPortPool pool = pool(5000, 5007);
    for (int i = 0; i < 8; i++) {
      pool.acquire();
    }
    pool.release(5000);
    pool.release(5003);
    pool.release(5005);
    pool.release(5006);

    assertThat(pool.acquireEvenPair()).isEmpty();
    pool.release(5001);
    assertThat(pool.acquireEvenPair()).hasValue(new EvenPortPair(5000));
  }

  @Test
  void acquireEven_returnsOnlyEvenPorts() {
    RelayPortPool pool = pool(5000, 5009);

    for (int i = 0; i < 5; i++) {
      assertThat(pool.acquireEven().orElseThrow() % 2).isZero();
    }
    assertThat(pool.acquireEven()).isEmpty();
    assertThat(pool.available()).isEqualTo(5);
  }

  @Test
  void markUnusable_takenPort_staysOutUntilQuarantineEnds() {
    RelayPortPool pool = pool(5000, 5000);
    int port = pool.acquire().orElseThrow();

    assertThat(pool.markUnusable(port)).isTrue();
    assertThat(pool.unusable()).isEqualTo(1);
    assertThat(pool.inUse()).isZero();
    now.addAndGet(Duration.ofSeconds(60).toNanos() - 1);
    assertThat(pool.acquire()).isEmpty();

    now.incrementAndGet();
    assertThat(pool.acquire()).hasValue(5000);
    assertThat(pool.unusable()).isZero();
  }

  @Test
  void markUnusable_thenRelease_releaseIgnored() {
    RelayPortPool pool = pool(5000, 5001);
    int port = pool.acquire().orElseThrow();
    pool.markUnusable(port);

    assertThat(pool.release(port)).isFalse();
    assertThat(pool.available()).isEqualTo(1);
  }

  @Test
  void markUnusable_freePort_removedFromCirculation() {
    RelayPortPool pool = pool(5000, 5001);

    assertThat(pool.markUnusable(5000)).isTrue();
    assertThat(pool.markUnusable(5000)).isFalse();
    assertThat(pool.acquire()).hasValue(5001);
    assertThat(pool.acquire()).isEmpty();
  }

  @Test
  void markUnusable_quarantineAcrossClockWrap_expiresOnTime() {
    now.set(Long.MAX_VALUE - 10);
    RelayPortPool pool = pool(5000, 5000);
    pool.markUnusable(5000);

    now.addAndGet(Duration.ofSeconds(59).toNanos());
    assertThat(pool.acquire()).isEmpty();
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(pool.acquire()).hasValue(5000);
  }

  @Test
  void constructor_badRange_throws() {
    assertThatThrownBy(() -> pool(0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> pool(10, 9)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> pool(10, 65536)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void acquire_singlePortRange_thenEmpty() {
    RelayPortPool pool = pool(65535, 65535);

    assertThat(pool.acquire()).isEqualTo(OptionalInt.of(65535));
    assertThat(pool.acquire()).isEmpty();
  }
}

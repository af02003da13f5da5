package dev.ferry.turn.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class RelayPortPoolProperties {

  /** One step of a random workload: 0 acquire, 1 pair, 2 release, 3 mark unusable, 4 tick. */
  @Provide
  Arbitrary<List<Integer>> operations() {
    return Arbitraries.integers().between(0, 4).list().ofMinSize(1).ofMaxSize(300);
  }

  @Property(tries = 300)
  void anyWorkload_neverHandsOutAHeldPortAndCountsAddUp(
      @ForAll("operations") List<Integer> ops,
      @ForAll @IntRange(min = 1, max = 40) int size,
      @ForAll long seed) {
    AtomicLong now = new AtomicLong(seed);
    RelayPortPool pool =
        new RelayPortPool(
            50_001, 50_000 + size, new SplittableRandom(seed), now::get, Duration.ofNanos(50));
    SplittableRandom choose = new SplittableRandom(~seed);
    Set<Integer> held = new HashSet<>();
    List<Integer> heldList = new ArrayList<>();

    for (int op : ops) {
      switch (op) {
        case 0 -> {
          OptionalInt port = pool.acquire();
          if (port.isPresent()) {
            assertThat(held.add(port.getAsInt())).isTrue();
            heldList.add(port.getAsInt());
          } else {
            assertThat(pool.available()).isZero();
          }
        }
        case 1 -> {
          Optional<EvenPortPair> pair = pool.acquireEvenPair();
          if (pair.isPresent()) {
            int even = pair.get().even();
            assertThat(even % 2).isZero();
            assertThat(held.add(even)).isTrue();
            assertThat(held.add(even + 1)).isTrue();
            assertThat(even + 1).isLessThanOrEqualTo(pool.maxPort());
            assertThat(even).isGreaterThanOrEqualTo(pool.minPort());
            heldList.add(even);
            heldList.add(even + 1);
          }
        }
        case 2, 3 -> {
          if (!heldList.isEmpty()) {
            int port = heldList.remove(choose.nextInt(heldList.size()));
            held.remove(port);
            boolean changed = op == 2 ? pool.release(port) : pool.markUnusable(port);
            assertThat(changed).isTrue();
          }
        }
        default -> now.addAndGet(10);
      }
      assertThat(pool.inUse()).isEqualTo(held.size());
      assertThat(pool.inUse() + pool.available() + pool.unusable()).isEqualTo(size);
    }
  }
}

package dev.ferry.turn.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class AddressMapProperties {
  record Op(boolean put, TransportAddress key, int value) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    // A small key space makes collisions, overwrites and removals of present keys common.
    Arbitrary<TransportAddress> keys =
        Combinators.combine(
                Arbitraries.of(true, false),
                Arbitraries.longs().between(0, 3),
                Arbitraries.longs().between(0, 5),
                Arbitraries.integers().between(0, 3))
            .as(
                (v6, high, low, port) ->
                    v6
                        ? TransportAddress.ipv6(high, low, port)
                        : TransportAddress.ipv4(low.intValue(), port));
    return Combinators.combine(
            Arbitraries.integers().between(0, 9), keys, Arbitraries.integers().between(0, 99))
        .as((kind, key, value) -> new Op(kind < 6, key, value))
        .list()
        .ofMaxSize(300);
  }

  @Property
  void addressMap_randomPutsAndRemoves_behaveLikeHashMap(@ForAll("ops") List<Op> ops) {
    AddressMap<Integer> map = new AddressMap<>();
    Map<TransportAddress, Integer> model = new HashMap<>();
    for (Op op : ops) {
      if (op.put()) {
        assertThat(map.put(op.key(), op.value())).isEqualTo(model.put(op.key(), op.value()));
      } else {
        assertThat(map.remove(op.key())).isEqualTo(model.remove(op.key()));
      }
      assertThat(map.size()).isEqualTo(model.size());
    }
    for (Map.Entry<TransportAddress, Integer> e : model.entrySet()) {
      TransportAddress k = e.getKey();
      assertThat(map.get(k.family() == AddressFamily.IPV6, k.high(), k.low(), k.port()))
          .isEqualTo(e.getValue());
    }
    int[] visited = {0};
    map.forEachValue(v -> visited[0]++);
    assertThat(visited[0]).isEqualTo(model.size());
  }
}

package dev.ferry.turn.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ChannelNumberIndexProperties {
  /** A positive number puts a binding with it; a negative one removes the binding held for it. */
  @Provide
  Arbitrary<List<Integer>> ops() {
    Arbitrary<Integer> number = Arbitraries.integers().between(0x4000, 0x4040);
    return Arbitraries.oneOf(number, number.map(n -> -n)).list().ofMaxSize(300);
  }

  @Property
  void channelNumberIndex_randomPutsAndRemoves_findsExactlyWhatAMapHolds(
      @ForAll("ops") List<Integer> ops) {
    ChannelNumberIndex index = new ChannelNumberIndex();
    Map<Integer, ChannelBinding> model = new HashMap<>();
    for (int op : ops) {
      if (op > 0) {
        ChannelBinding b = new ChannelBinding(op, Peers.PEER_A, 0);
        index.put(b);
        model.put(op, b);
      } else {
        ChannelBinding held = model.remove(-op);
        if (held != null) {
          index.remove(held);
        }
      }
      assertThat(index.size()).isEqualTo(model.size());
    }
    for (int n = 0x4000; n <= 0x4040; n++) {
      assertThat(index.get(n)).isSameAs(model.get(n));
    }
  }

  @Example
  void channelNumberIndex_removeOfReplacedBinding_keepsTheNewOne() {
    ChannelNumberIndex index = new ChannelNumberIndex();
    ChannelBinding old = new ChannelBinding(0x4001, Peers.PEER_A, 0);
    ChannelBinding replacement = new ChannelBinding(0x4001, Peers.PEER_B, 0);
    index.put(old);
    index.put(replacement);
    index.remove(old);
    assertThat(index.get(0x4001)).isSameAs(replacement);
    assertThat(index.size()).isEqualTo(1);
  }
}

package dev.ferry.turn.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ChannelTableProperties {
  private static final TransportAddress[] PEERS = {
    Peers.v4(192, 0, 2, 1, 1000),
    Peers.v4(192, 0, 2, 1, 1001),
    Peers.v4(192, 0, 2, 2, 1000),
    Peers.v4(198, 51, 100, 7, 9),
    TransportAddress.ipv6(0x20010db800000000L, 1, 1000),
  };

  enum Kind {
    BIND,
    ADVANCE,
    SWEEP
  }

  record Op(Kind kind, int number, int peer, int seconds) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    return Combinators.combine(
            Arbitraries.of(Kind.BIND, Kind.BIND, Kind.BIND, Kind.ADVANCE, Kind.SWEEP),
            Arbitraries.oneOf(
                Arbitraries.integers().between(0x3FFE, 0x4005),
                Arbitraries.integers().between(0x7FFB, 0x8001)),
            Arbitraries.integers().between(0, PEERS.length - 1),
            Arbitraries.of(1, 60, 299, 300, 301, 599, 600, 900))
        .as(Op::new)
        .list()
        .ofMaxSize(200);
  }

  @Property
  void channelTable_randomBindRefreshExpire_keepsBothIndexesConsistent(
      @ForAll("ops") List<Op> ops) {
    FakeClock clock = new FakeClock(Long.MAX_VALUE - 5_000_000_000_000L);
    ChannelTable table = new ChannelTable(600, 300, 4);
    for (Op op : ops) {
      long now = clock.nanoTime();
      switch (op.kind()) {
        case BIND -> {
          TransportAddress peer = PEERS[op.peer()];
          ChannelBindResult checked = table.check(op.number(), peer, now);
          ChannelBindResult result = table.bind(op.number(), peer, now);
          assertThat(result).isEqualTo(checked);
          if (result.isSuccess()) {
            assertThat(table.byNumber(op.number(), now).peer()).isEqualTo(peer);
            assertThat(table.byPeer(peer, now).number()).isEqualTo(op.number());
          }
        }
        case ADVANCE -> clock.advanceSeconds(op.seconds());
        case SWEEP -> table.sweep(now);
      }
      assertConsistent(table, clock.nanoTime());
    }
  }

  private static void assertConsistent(ChannelTable table, long now) {
    assertThat(table.indexesConsistent()).isTrue();
    assertThat(table.activeCount(now)).isLessThanOrEqualTo(4);
    for (int number = ChannelTable.MIN_CHANNEL; number <= 0x8001; number++) {
      ChannelBinding b = table.byNumber(number, now);
      if (b != null) {
        assertThat(table.byPeer(b.peer(), now)).isSameAs(b);
      }
    }
    for (TransportAddress peer : PEERS) {
      ChannelBinding b = table.byPeer(peer, now);
      if (b != null) {
        assertThat(table.byNumber(b.number(), now)).isSameAs(b);
      }
    }
  }
}

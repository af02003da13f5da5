package dev.ferry.turn.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransactionCacheTest {
  private static final FiveTuple TUPLE =
      new FiveTuple(Peers.v4(203, 0, 113, 5, 40000), Peers.v4(10, 0, 0, 1, 3478), Transport.UDP);
  private static final FiveTuple OTHER_TUPLE =
      new FiveTuple(Peers.v4(203, 0, 113, 5, 40001), Peers.v4(10, 0, 0, 1, 3478), Transport.UDP);
  private static final TransactionId ID = TransactionId.of(0x0102030405060708L, 0x090A0B0C);

  private final FakeClock clock = new FakeClock();
  private final TransactionCache cache = new TransactionCache(Duration.ofSeconds(40), 2);

  @AfterEach
  void closeCache() {
    cache.close();
  }

  private static ByteBuf response(int... bytes) {
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer();
    for (int b : bytes) {
      buf.writeByte(b);
    }
    return buf;
  }

  private void put(FiveTuple tuple, TransactionId id, int... bytes) {
    ByteBuf original = response(bytes);
    try {
      cache.put(tuple, id, original, clock.nanoTime());
    } finally {
      original.release();
    }
  }

  private String getHex(FiveTuple tuple, TransactionId id) {
    ByteBuf cached = cache.get(tuple, id, clock.nanoTime());
    if (cached == null) {
      return null;
    }
    try {
      return ByteBufUtil.hexDump(cached);
    } finally {
      cached.release();
    }
  }

  @Test
  void transactionCache_retransmission_returnsSameResponse() {
    put(TUPLE, ID, 0x01, 0x01, 0x00, 0x00);
    assertThat(getHex(TUPLE, ID)).isEqualTo("01010000");
    assertThat(getHex(TUPLE, ID)).isEqualTo("01010000");
  }

  @Test
  void transactionCache_copiesResponse_soCallerMayReuseItsBuffer() {
    ByteBuf original = response(0xAA, 0xBB);
    cache.put(TUPLE, ID, original, clock.nanoTime());
    original.setByte(0, 0x00);
    original.release();
    assertThat(getHex(TUPLE, ID)).isEqualTo("aabb");
  }

  @Test
  void transactionCache_otherFiveTuple_misses() {
    put(TUPLE, ID, 0x01);
    assertThat(getHex(OTHER_TUPLE, ID)).isNull();
    assertThat(getHex(TUPLE, TransactionId.of(1L, 1))).isNull();
  }

  @Test
  void transactionCache_afterFortySeconds_forgets() {
    put(TUPLE, ID, 0x01);
    clock.advance(Duration.ofSeconds(40).minusNanos(1));
    assertThat(getHex(TUPLE, ID)).isEqualTo("01");
    clock.advance(Duration.ofNanos(1));
    assertThat(getHex(TUPLE, ID)).isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void transactionCache_full_evictsOldest() {
    put(TUPLE, ID, 0x01);
    put(OTHER_TUPLE, ID, 0x02);
    put(TUPLE, TransactionId.of(3L, 3), 0x03);
    assertThat(cache.size()).isEqualTo(2);
    assertThat(getHex(TUPLE, ID)).isNull();
    assertThat(getHex(OTHER_TUPLE, ID)).isEqualTo("02");
  }

  @Test
  void transactionCache_sweep_releasesExpired() {
    put(TUPLE, ID, 0x01);
    clock.advanceSeconds(20);
    put(OTHER_TUPLE, ID, 0x02);
    clock.advanceSeconds(20);
    assertThat(cache.sweep(clock.nanoTime())).isEqualTo(1);
    assertThat(getHex(OTHER_TUPLE, ID)).isEqualTo("02");
  }

  @Test
  void transactionCache_samKeyTwice_keepsLatest() {
    put(TUPLE, ID, 0x01);
    put(TUPLE, ID, 0x02);
    assertThat(cache.size()).isEqualTo(1);
    assertThat(getHex(TUPLE, ID)).isEqualTo("02");
  }

  @Test
  void transactionCache_close_releasesEverything() {
    put(TUPLE, ID, 0x01);
    ByteBuf held = cache.get(TUPLE, ID, clock.nanoTime());
    cache.close();
    assertThat(held.refCnt()).isEqualTo(1);
    assertThat(held.release()).isTrue();
    assertThat(cache.size()).isZero();
  }

  @Test
  void transactionCache_nearLongMaxValue_expiresOnTime() {
    FakeClock nearMax = new FakeClock(Long.MAX_VALUE - 10_000_000_000L);
    ByteBuf original = response(0x01);
    cache.put(TUPLE, ID, original, nearMax.nanoTime());
    original.release();
    nearMax.advanceSeconds(39);
    ByteBuf hit = cache.get(TUPLE, ID, nearMax.nanoTime());
    assertThat(hit).isNotNull();
    hit.release();
    nearMax.advanceSeconds(1);
    assertThat(cache.sweep(nearMax.nanoTime())).isEqualTo(1);
  }

  @Test
  void transactionCache_zeroEntries_cachesNothing() {
    TransactionCache disabled = new TransactionCache(Duration.ofSeconds(40), 0);
    ByteBuf original = response(0x01);
    disabled.put(TUPLE, ID, original, clock.nanoTime());
    original.release();
    assertThat(disabled.get(TUPLE, ID, clock.nanoTime())).isNull();
  }
}

package dev.ferry.turn.nativeudp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendBatchTest {
  private static final int LOOPBACK = 0x7F00_0001;
  private static final int EAGAIN = 0;
  private static final int EMSGSIZE = 90;

  private final List<ByteBuf> handedOver = new ArrayList<>();

  private ByteBuf payload(int length) {
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(length);
    buf.writeZero(length);
    handedOver.add(buf);
    return buf;
  }

  private boolean allReleased() {
    return handedOver.stream().allMatch(b -> b.refCnt() == 0);
  }

  @Test
  void flush_everythingAccepted_sendsInOrderReleasesAndCounts() {
    SendBatch batch = new SendBatch(8);
    batch.addIpv4(payload(10), LOOPBACK, 1001);
    batch.addIpv4(payload(20), LOOPBACK, 1002);
    RecordingSender sender = new RecordingSender();

    boolean drained = batch.flush(sender);

    assertThat(drained).isTrue();
    assertThat(sender.sentPorts).containsExactly(1001, 1002);
    assertThat(sender.sentLengths).containsExactly(10, 20);
    assertThat(sender.sentAddressHigh)
        .containsExactly(0x7F00_0001_0000_0000L, 0x7F00_0001_0000_0000L);
    assertThat(batch.sentCount()).isEqualTo(2);
    assertThat(batch.isEmpty()).isTrue();
    assertThat(allReleased()).isTrue();
  }

  @Test
  void flush_socketWouldBlock_keepsTheRestQueuedAndReportsIt() {
    SendBatch batch = new SendBatch(8);
    for (int port = 1; port <= 3; port++) {
      batch.addIpv4(payload(5), LOOPBACK, port);
    }
    RecordingSender sender = new RecordingSender().answer(1, EAGAIN);

    boolean drained = batch.flush(sender);

    assertThat(drained).isFalse();
    assertThat(batch.size()).isEqualTo(2);
    assertThat(handedOver.get(0).refCnt()).isZero();
    assertThat(handedOver.get(1).refCnt()).isEqualTo(1);

    assertThat(batch.flush(sender)).isTrue();
    assertThat(sender.sentPorts).containsExactly(1, 2, 3);
    assertThat(allReleased()).isTrue();
  }

  @Test
  void flush_firstRecordRefused_dropsOnlyThatOneAndSendsTheRest() {
    SendBatch batch = new SendBatch(8);
    batch.addIpv4(payload(5), LOOPBACK, 1);
    batch.addIpv4(payload(5), LOOPBACK, 2);
    RecordingSender sender = new RecordingSender().answer(-EMSGSIZE);

    boolean drained = batch.flush(sender);

    assertThat(drained).isTrue();
    assertThat(sender.sentPorts).containsExactly(2);
    assertThat(batch.refusedCount()).isEqualTo(1);
    assertThat(batch.lastRefusedErrno()).isEqualTo(EMSGSIZE);
    assertThat(batch.sentCount()).isEqualTo(1);
    assertThat(allReleased()).isTrue();
  }

  @Test
  void add_queueFull_dropsTheNewDatagramReleasesItAndCounts() {
    SendBatch batch = new SendBatch(2);
    batch.addIpv4(payload(1), LOOPBACK, 1);
    batch.addIpv4(payload(1), LOOPBACK, 2);
    ByteBuf third = payload(1);

    boolean accepted = batch.addIpv4(third, LOOPBACK, 3);

    assertThat(accepted).isFalse();
    assertThat(third.refCnt()).isZero();
    assertThat(batch.droppedFullCount()).isEqualTo(1);
    assertThat(batch.size()).isEqualTo(2);
    batch.close();
    assertThat(allReleased()).isTrue();
  }

  @Test
  void add_portOutOfRange_refusesAndReleases() {
    SendBatch batch = new SendBatch(2);
    ByteBuf buf = payload(1);

    assertThat(batch.addIpv4(buf, LOOPBACK, 70_000)).isFalse();
    assertThat(buf.refCnt()).isZero();
    assertThat(batch.refusedCount()).isEqualTo(1);
    assertThat(batch.lastRefusedErrno()).isEqualTo(Errno.EINVAL);
  }

  @Test
  void add_heapBuffer_isCopiedToDirectMemoryAndTheHeapBufferReleased() {
    SendBatch batch = new SendBatch(2);
    ByteBuf heap = Unpooled.buffer(3).writeBytes(new byte[] {1, 2, 3});
    RecordingSender sender = new RecordingSender();

    assertThat(batch.addIpv4(heap, LOOPBACK, 9)).isTrue();
    assertThat(heap.refCnt()).isZero();
    assertThat(batch.flush(sender)).isTrue();
    assertThat(sender.sentLengths).containsExactly(3);
  }

  @Test
  void flush_moreThanOneSyscallWorth_sendsInChunksOf64() {
    SendBatch batch = new SendBatch(200);
    for (int i = 0; i < 150; i++) {
      batch.addIpv6(payload(1), 0L, 1L, 1000 + i);
    }
    RecordingSender sender = new RecordingSender();

    assertThat(batch.flush(sender)).isTrue();
    assertThat(sender.offeredCounts).containsExactly(64, 64, 22);
    assertThat(sender.sentPorts).hasSize(150).startsWith(1000).endsWith(1149);
    assertThat(allReleased()).isTrue();
  }

  @Test
  void add_beyondTheFirstSlotsWhileWrappedAround_growsAndSendsEverythingInOrder() {
    SendBatch batch = new SendBatch(64);
    RecordingSender sender = new RecordingSender().answer(2, EAGAIN);
    for (int port = 1; port <= 3; port++) {
      batch.addIpv4(payload(port), LOOPBACK, port, 7);
    }
    batch.flush(sender); // two leave, so the ring's head has moved before it grows
    for (int port = 4; port <= 20; port++) {
      batch.addIpv6(payload(port), port, -port, port, 2 * port);
    }

    assertThat(batch.size()).isEqualTo(18);
    assertThat(batch.flush(sender)).isTrue();
    assertThat(sender.sentPorts).hasSize(20);
    for (int k = 0; k < 20; k++) {
      int port = k + 1;
      boolean v4 = port <= 3;
      assertThat(sender.sentPorts.get(k)).isEqualTo(port);
      assertThat(sender.sentLengths.get(k)).isEqualTo(port);
      assertThat(sender.sentFamilies.get(k)).isEqualTo(v4 ? 4 : 6);
      assertThat(sender.sentSegments.get(k)).isEqualTo(v4 ? 7 : 2 * port);
      assertThat(sender.sentAddressHigh.get(k)).isEqualTo(v4 ? 0x7F00_0001_0000_0000L : port);
      assertThat(sender.sentAddressLow.get(k)).isEqualTo(v4 ? 0L : -port);
    }
    assertThat(allReleased()).isTrue();
  }

  @Test
  void add_upToCapacityInOneBurst_acceptsExactlyCapacity() {
    SendBatch batch = new SendBatch(37);
    int accepted = 0;
    for (int i = 0; i < 40; i++) {
      accepted += batch.addIpv4(payload(1), LOOPBACK, i) ? 1 : 0;
    }

    assertThat(accepted).isEqualTo(37);
    assertThat(batch.droppedFullCount()).isEqualTo(3);
    batch.close();
    assertThat(allReleased()).isTrue();
  }

  @Test
  void close_releasesEverythingQueuedAndDropsLaterAdds() {
    SendBatch batch = new SendBatch(4);
    batch.addIpv4(payload(1), LOOPBACK, 1);
    batch.close();
    ByteBuf late = payload(1);

    assertThat(batch.addIpv4(late, LOOPBACK, 2)).isFalse();
    assertThat(batch.isEmpty()).isTrue();
    assertThat(allReleased()).isTrue();
  }
}

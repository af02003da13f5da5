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

package dev.ferry.turn.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.turn.allocation.TransportAddress;
import dev.ferry.turn.metrics.TurnMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SegmentRunTest {
  private static final TransportAddress CLIENT =
      TransportAddress.of(new InetSocketAddress("192.0.2.1", 5000));
  private static final TransportAddress OTHER =
      TransportAddress.of(new InetSocketAddress("192.0.2.2", 5000));

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final TurnMetrics metrics = TurnMetrics.register(registry, () -> 0, List.of(), List.of());
  private final FlushBatch batch = new FlushBatch();
  private EmbeddedChannel channel;
  private ChannelEndpoint endpoint;

  @BeforeEach
  void kernelSupportsGso() {
    // The epoll SegmentedDatagramPacket refuses to exist where the kernel lacks UDP_SEGMENT.
    assumeTrue(SegmentedDatagramPacket.isSupported(), "UDP GSO unsupported on this host");
    channel = new EmbeddedChannel();
  }

  @AfterEach
  void release() {
    if (channel != null) {
      channel.finishAndReleaseAll();
    }
  }

  private SegmentRun run() {
    endpoint = new ChannelEndpoint(channel, metrics, true);
    return new SegmentRun(endpoint, batch);
  }

  private static ByteBuf datagram(int length, int fill) {
    byte[] bytes = new byte[length];
    java.util.Arrays.fill(bytes, (byte) fill);
    return Unpooled.directBuffer(length).writeBytes(bytes);
  }

  private static byte[] bytes(int length, int fill) {
    byte[] bytes = new byte[length];
    java.util.Arrays.fill(bytes, (byte) fill);
    return bytes;
  }

  private DatagramPacket next() {
    return channel.readOutbound();
  }

  private static byte[] content(DatagramPacket packet) {
    byte[] out = ByteBufUtil.getBytes(packet.content());
    packet.release();
    return out;
  }

  @Test
  void write_equalDatagramsToOneRecipient_leaveAsOneSegmentedWriteWhenTheBatchFlushes() {
    SegmentRun run = run();
    run.write(datagram(100, 1), CLIENT);
    run.write(datagram(100, 2), CLIENT);
    run.write(datagram(100, 3), CLIENT);

    assertThat((Object) channel.readOutbound()).as("held until the batch ends").isNull();
    batch.flushAll();

    DatagramPacket sent = next();
    assertThat(sent).isInstanceOf(SegmentedDatagramPacket.class);
    assertThat(((SegmentedDatagramPacket) sent).segmentSize()).isEqualTo(100);
    assertThat(sent.recipient()).isEqualTo(CLIENT.socketAddress());
    byte[] expected = new byte[300];
    System.arraycopy(bytes(100, 1), 0, expected, 0, 100);
    System.arraycopy(bytes(100, 2), 0, expected, 100, 100);
    System.arraycopy(bytes(100, 3), 0, expected, 200, 100);
    assertThat(content(sent)).isEqualTo(expected);
    assertThat((Object) channel.readOutbound()).isNull();
  }

  @Test
  void write_loneDatagram_leavesAsTheSameBufferWithoutCopy() {
    SegmentRun run = run();
    ByteBuf only = datagram(100, 7);
    run.write(only, CLIENT);

    batch.flushAll();

    DatagramPacket sent = next();
    assertThat(sent).isNotInstanceOf(SegmentedDatagramPacket.class);
    assertThat(sent.content()).isSameAs(only);
    assertThat(sent.recipient()).isEqualTo(CLIENT.socketAddress());
    sent.release();
  }

  @Test
  void write_anotherRecipient_endsTheRun() {
    SegmentRun run = run();
    run.write(datagram(100, 1), CLIENT);
    run.write(datagram(100, 2), CLIENT);
    run.write(datagram(100, 3), OTHER);
    batch.flushAll();

    DatagramPacket joined = next();
    DatagramPacket alone = next();
    assertThat(joined.recipient()).isEqualTo(CLIENT.socketAddress());
    assertThat(content(joined)).hasSize(200);
    assertThat(alone.recipient()).isEqualTo(OTHER.socketAddress());
    assertThat(content(alone)).isEqualTo(bytes(100, 3));
  }

  @Test
  void write_shorterDatagram_joinsAsTheLastSegment() {
    SegmentRun run = run();
    run.write(datagram(100, 1), CLIENT);
    run.write(datagram(100, 2), CLIENT);
    run.write(datagram(40, 3), CLIENT);
    run.write(datagram(100, 4), CLIENT);
    batch.flushAll();

    DatagramPacket joined = next();
    assertThat(((SegmentedDatagramPacket) joined).segmentSize()).isEqualTo(100);
    assertThat(content(joined)).hasSize(240).endsWith(bytes(40, 3));
    assertThat(content(next())).isEqualTo(bytes(100, 4));
  }

  @Test
  void write_longerDatagram_endsTheRun() {
    SegmentRun run = run();
    run.write(datagram(100, 1), CLIENT);
    run.write(datagram(200, 2), CLIENT);
    batch.flushAll();

    assertThat(content(next())).isEqualTo(bytes(100, 1));
    assertThat(content(next())).isEqualTo(bytes(200, 2));
  }

  @Test
  void write_aboveTheSegmentCap_leavesAloneAtOnce() {
    SegmentRun run = run();
    run.write(datagram(SegmentRun.MAX_SEGMENT_BYTES + 1, 1), CLIENT);

    assertThat(batch.runs()).isZero();
    assertThat(batch.size()).isEqualTo(1);
    batch.flushAll();
    assertThat(content(next())).hasSize(SegmentRun.MAX_SEGMENT_BYTES + 1);
  }

  @Test
  void write_moreThanTheSegmentLimit_startsASecondRun() {
    SegmentRun run = run();
    for (int i = 0; i <= SegmentRun.MAX_SEGMENTS; i++) {
      run.write(datagram(10, i), CLIENT);
    }
    batch.flushAll();

    DatagramPacket first = next();
    assertThat(content(first)).hasSize(10 * SegmentRun.MAX_SEGMENTS);
    assertThat(content(next())).isEqualTo(bytes(10, SegmentRun.MAX_SEGMENTS));
  }

  @Test
  void write_runOfMaximumSegments_staysWithinOneIpDatagram() {
    SegmentRun run = run();
    int size = SegmentRun.MAX_SEGMENT_BYTES;
    int fits = SegmentRun.MAX_RUN_BYTES / size;
    for (int i = 0; i <= fits; i++) {
      run.write(datagram(size, i), CLIENT);
    }
    batch.flushAll();

    assertThat(content(next())).hasSize(fits * size);
    assertThat(content(next())).hasSize(size);
  }

  @Test
  void write_disabled_writesEachDatagramAtOnce() {
    SegmentRun run = new SegmentRun(new ChannelEndpoint(channel, metrics, false), batch);
    run.write(datagram(100, 1), CLIENT);
    run.write(datagram(100, 2), CLIENT);

    assertThat(batch.runs()).isZero();
    batch.flushAll();
    assertThat(content(next())).isEqualTo(bytes(100, 1));
    assertThat(content(next())).isEqualTo(bytes(100, 2));
  }

  @Test
  void emit_segmentedWrite_isCountedWithItsDatagrams() {
    SegmentRun run = run();
    run.write(datagram(100, 1), CLIENT);
    run.write(datagram(100, 2), CLIENT);
    batch.flushAll();
    next().release();

    assertThat(registry.get("turn.udp.gso.sends").counter().count()).isEqualTo(1);
    assertThat(registry.get("turn.udp.gso.datagrams").counter().count()).isEqualTo(2);
  }

  @Test
  void emit_kernelRefusesTheSegmentedWrite_runSendsOneByOneAfterwardsAndCountsIt() {
    channel
        .pipeline()
        .addFirst(
            new ChannelOutboundHandlerAdapter() {
              @Override
              public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                if (msg instanceof SegmentedDatagramPacket) {
                  ((SegmentedDatagramPacket) msg).release();
                  promise.setFailure(new IOException("sendmmsg(..) failed: Invalid argument"));
                } else {
                  ctx.write(msg, promise);
                }
              }
            });
    SegmentRun run = run();
    run.write(datagram(100, 1), CLIENT);
    run.write(datagram(100, 2), CLIENT);
    batch.flushAll();

    assertThat(endpoint.supportsSegments()).isFalse();
    assertThat(registry.get("turn.udp.gso.failures").counter().count()).isEqualTo(1);
    run.write(datagram(100, 3), CLIENT);
    run.write(datagram(100, 4), CLIENT);
    batch.flushAll();
    assertThat(content(next())).isEqualTo(bytes(100, 3));
    assertThat(content(next())).isEqualTo(bytes(100, 4));
  }

  @Test
  void emit_beforeTheBatchEnds_writesWhatIsHeldAndTheBatchThenHasNothingLeft() {
    SegmentRun run = run();
    run.write(datagram(100, 1), CLIENT);
    run.write(datagram(100, 2), CLIENT);

    run.emit();
    assertThat(run.pending()).isZero();
    batch.flushAll();

    assertThat(content(next())).hasSize(200);
    assertThat((Object) channel.readOutbound()).isNull();
  }

  private static byte[] framed(int channel, int length, int fill) {
    byte[] out = new byte[4 + length];
    out[0] = (byte) (channel >>> 8);
    out[1] = (byte) channel;
    out[2] = (byte) (length >>> 8);
    out[3] = (byte) length;
    System.arraycopy(bytes(length, fill), 0, out, 4, length);
    return out;
  }

  /** Frames each payload, releasing it afterwards as the relay's read region would be reused. */
  private static void writeChannelData(SegmentRun run, int channel, ByteBuf payload) {
    run.writeChannelData(channel, payload, CLIENT);
    payload.release();
  }

  @Test
  void writeChannelData_burstToOneClient_leavesAsOneSegmentedWriteOfFramedMessages() {
    SegmentRun run = run();
    writeChannelData(run, 0x4000, datagram(100, 1));
    writeChannelData(run, 0x4000, datagram(100, 2));
    writeChannelData(run, 0x4000, datagram(100, 3));
    batch.flushAll();

    DatagramPacket sent = next();
    assertThat(((SegmentedDatagramPacket) sent).segmentSize()).isEqualTo(104);
    byte[] expected = new byte[312];
    for (int i = 0; i < 3; i++) {
      System.arraycopy(framed(0x4000, 100, i + 1), 0, expected, 104 * i, 104);
    }
    assertThat(content(sent)).isEqualTo(expected);
    assertThat((Object) channel.readOutbound()).isNull();
  }

  @Test
  void writeChannelData_loneMessage_leavesAsOnePlainDatagram() {
    SegmentRun run = run();
    writeChannelData(run, 0x4001, datagram(100, 9));
    batch.flushAll();

    DatagramPacket sent = next();
    assertThat(sent).isNotInstanceOf(SegmentedDatagramPacket.class);
    assertThat(sent.recipient()).isEqualTo(CLIENT.socketAddress());
    assertThat(content(sent)).isEqualTo(framed(0x4001, 100, 9));
  }

  @Test
  void writeChannelData_leavesThePayloadsIndicesAndReferenceCountAlone() {
    SegmentRun run = run();
    ByteBuf payload = datagram(100, 1);
    payload.readerIndex(10);

    run.writeChannelData(0x4000, payload, CLIENT);

    assertThat(payload.readerIndex()).isEqualTo(10);
    assertThat(payload.refCnt()).isEqualTo(1);
    payload.release();
    batch.flushAll();
    assertThat(content(next())).isEqualTo(framed(0x4000, 90, 1));
  }

  @Test
  void writeChannelData_afterAHeldDatagramOfTheSameSize_joinsItsRun() {
    SegmentRun run = run();
    run.write(Unpooled.directBuffer(104).writeBytes(framed(0x4000, 100, 1)), CLIENT);
    writeChannelData(run, 0x4000, datagram(100, 2));
    batch.flushAll();

    DatagramPacket sent = next();
    assertThat(((SegmentedDatagramPacket) sent).segmentSize()).isEqualTo(104);
    assertThat(content(sent)).hasSize(208).endsWith(framed(0x4000, 100, 2));
  }

  @Test
  void writeChannelData_shorterMessage_joinsAsTheLastSegment() {
    SegmentRun run = run();
    writeChannelData(run, 0x4000, datagram(100, 1));
    writeChannelData(run, 0x4000, datagram(30, 2));
    writeChannelData(run, 0x4000, datagram(100, 3));
    batch.flushAll();

    assertThat(content(next())).hasSize(138).endsWith(framed(0x4000, 30, 2));
    assertThat(content(next())).isEqualTo(framed(0x4000, 100, 3));
  }

  @Test
  void writeChannelData_aboveTheSegmentCap_leavesAloneAtOnce() {
    SegmentRun run = run();
    int length = SegmentRun.MAX_SEGMENT_BYTES - 3;
    writeChannelData(run, 0x4000, datagram(length, 1));

    assertThat(batch.runs()).isZero();
    batch.flushAll();
    assertThat(content(next())).isEqualTo(framed(0x4000, length, 1));
  }

  @Test
  void writeChannelData_disabled_writesEachMessageAtOnce() {
    SegmentRun run = new SegmentRun(new ChannelEndpoint(channel, metrics, false), batch);
    writeChannelData(run, 0x4000, datagram(100, 1));
    writeChannelData(run, 0x4000, datagram(100, 2));

    assertThat(batch.runs()).isZero();
    batch.flushAll();
    assertThat(content(next())).isEqualTo(framed(0x4000, 100, 1));
    assertThat(content(next())).isEqualTo(framed(0x4000, 100, 2));
  }
}

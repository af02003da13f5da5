package dev.ferry.bench;

import dev.ferry.stun.channel.ChannelData;
import dev.ferry.stun.channel.ChannelDataWriter;
import dev.ferry.stun.channel.Framing;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Measures both directions of the ChannelData relay path, to choose between a composite (header +
 * shared payload) and one copy for peer-to-client writes (DESIGN §3 "Zero copy").
 *
 * <p>Buffers come from a pooled allocator and are released in the same operation, so the steady
 * state shows what the codec itself allocates.
 */
@State(Scope.Thread)
@Fork(
    value = 1,
    jvmArgsAppend = {
      BenchmarkJvm.EXECUTOR,
      BenchmarkJvm.EXECUTOR_CLASS,
      BenchmarkJvm.NO_LEAK_DETECTION
    })
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChannelDataBenchmark {

  private static final int CHANNEL = 0x4001;

  /** Payload bytes: a small audio frame and a near-MTU video packet. */
  @Param({"160", "1200"})
  public int payloadLength;

  /** UDP (no padding) or TCP/TLS (padding to four bytes). */
  @Param({"DATAGRAM", "STREAM"})
  public Framing framing;

  private final PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
  private final ChannelData view = new ChannelData();
  private ByteBuf peerPayload;
  private ByteBuf clientMessage;

  @Setup(Level.Trial)
  public void setUp() {
    byte[] data = new byte[payloadLength];
    ThreadLocalRandom.current().nextBytes(data);
    peerPayload = alloc.directBuffer(payloadLength).writeBytes(data);
    clientMessage = ChannelDataWriter.copy(alloc, CHANNEL, peerPayload, framing);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    peerPayload.release();
    clientMessage.release();
  }

  /** Client to peer: validate the header and read channel and length, no slice. */
  @Benchmark
  public int unwrapView() {
    view.decode(clientMessage, framing);
    return view.channelNumber() + view.payloadLength();
  }

  /**
   * Client to peer: validate and take a retained slice of the payload, as the relay forwards it.
   */
  @Benchmark
  public int unwrapRetainedSlice() {
    view.decode(clientMessage, framing);
    ByteBuf payload = view.retainedPayload();
    int length = payload.readableBytes();
    payload.release();
    return length;
  }

  /** Peer to client: header buffer plus a retained slice of the payload in a composite. */
  @Benchmark
  public int wrapComposite() {
    ByteBuf message = ChannelDataWriter.composite(alloc, CHANNEL, peerPayload, framing);
    int length = message.readableBytes();
    message.release();
    return length;
  }

  /** Peer to client: one pooled buffer with header and a copy of the payload. */
  @Benchmark
  public int wrapCopy() {
    ByteBuf message = ChannelDataWriter.copy(alloc, CHANNEL, peerPayload, framing);
    int length = message.readableBytes();
    message.release();
    return length;
  }
}

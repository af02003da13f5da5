package dev.ferry.bench;

import dev.ferry.stun.DecodeStatus;
import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Measures the send side of an authenticated Allocate: the success response written with {@link
 * StunWriter} into a buffer from the pooled allocator, as a handler would before writing it.
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
public class StunEncodeBenchmark {

  private final PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
  private final StunWriter writer = new StunWriter();
  private final StunMessage request = new StunMessage();
  private ByteBuf requestBytes;

  @Setup(Level.Trial)
  public void setUp() {
    requestBytes = AllocateExchange.allocateRequest(alloc);
    if (request.wrap(requestBytes) != DecodeStatus.OK) {
      throw new IllegalStateException("fixture request does not decode: " + request.status());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    request.clear();
    requestBytes.release();
  }

  /**
   * XOR-RELAYED-ADDRESS, XOR-MAPPED-ADDRESS, LIFETIME, SOFTWARE, MESSAGE-INTEGRITY, FINGERPRINT.
   */
  @Benchmark
  public int encodeAllocateSuccess() {
    ByteBuf out = alloc.directBuffer(128);
    writer
        .beginResponse(out, request, MessageClass.SUCCESS_RESPONSE)
        .xorRelayedAddress(AllocateExchange.RELAYED)
        .xorMappedAddress(AllocateExchange.CLIENT)
        .lifetime(AllocateExchange.LIFETIME_SECONDS)
        .software(AllocateExchange.SOFTWARE)
        .messageIntegrity(AllocateExchange.KEY)
        .fingerprint();
    int length = out.readableBytes();
    out.release();
    return length;
  }

  /**
   * The same response for an IPv6 client and relay, written with the primitive (high, low, port)
   * overloads that a handler holding addresses as numbers uses.
   */
  @Benchmark
  public int encodeAllocateSuccessIpv6() {
    ByteBuf out = alloc.directBuffer(160);
    writer
        .beginResponse(out, request, MessageClass.SUCCESS_RESPONSE)
        .xorRelayedAddress(AllocateExchange.RELAYED_V6_HIGH, AllocateExchange.RELAYED_V6_LOW, 49876)
        .xorMappedAddress(AllocateExchange.CLIENT_V6_HIGH, AllocateExchange.CLIENT_V6_LOW, 50123)
        .lifetime(AllocateExchange.LIFETIME_SECONDS)
        .software(AllocateExchange.SOFTWARE)
        .messageIntegrity(AllocateExchange.KEY)
        .fingerprint();
    int length = out.readableBytes();
    out.release();
    return length;
  }
}

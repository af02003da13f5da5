package dev.ferry.bench;

import dev.ferry.stun.integrity.Fingerprint;
import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Compares ways to feed a direct buffer to {@link CRC32} for FINGERPRINT: the codec's copy through
 * a per-thread scratch array, a {@code nioBuffer} view, and Netty's {@code internalNioBuffer}. Each
 * operation takes a fresh buffer from the allocator, as every received datagram is one, so caching
 * inside a buffer object cannot flatter a variant.
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
public class FingerprintCrcBenchmark {

  @Param({"140", "1200"})
  public int length;

  @Param({"pooled", "adaptive"})
  public String allocator;

  private ByteBufAllocator alloc;
  private final CRC32 crc = new CRC32();

  @Setup
  public void setUp() {
    alloc =
        "pooled".equals(allocator)
            ? PooledByteBufAllocator.DEFAULT
            : new AdaptiveByteBufAllocator(true, false);
  }

  private ByteBuf datagram() {
    ByteBuf buf = alloc.directBuffer(length);
    buf.writerIndex(length);
    return buf;
  }

  /** The codec's choice: {@link Fingerprint#compute} copies through a 512-byte scratch array. */
  @Benchmark
  public int scratchCopy() {
    ByteBuf buf = datagram();
    try {
      return Fingerprint.compute(buf, 0, length);
    } finally {
      buf.release();
    }
  }

  /** {@link CRC32#update(java.nio.ByteBuffer)} on a fresh {@code nioBuffer} view. */
  @Benchmark
  public int nioBufferView() {
    ByteBuf buf = datagram();
    try {
      crc.reset();
      crc.update(buf.nioBuffer(0, length));
      return (int) crc.getValue() ^ Fingerprint.XOR_MASK;
    } finally {
      buf.release();
    }
  }

  /** {@link CRC32#update(java.nio.ByteBuffer)} on Netty's reused internal NIO buffer. */
  @Benchmark
  public int internalNioBuffer() {
    ByteBuf buf = datagram();
    try {
      crc.reset();
      crc.update(buf.internalNioBuffer(0, length));
      return (int) crc.getValue() ^ Fingerprint.XOR_MASK;
    } finally {
      buf.release();
    }
  }
}

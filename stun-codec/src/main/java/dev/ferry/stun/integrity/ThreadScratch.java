package dev.ferry.stun.integrity;

import io.netty.buffer.ByteBuf;
import java.util.zip.CRC32;

/**
 * Per-thread digest engines and scratch arrays, so integrity work allocates nothing per message.
 */
final class ThreadScratch {
  private static final ThreadLocal<ThreadScratch> CURRENT =
      ThreadLocal.withInitial(ThreadScratch::new);

  final CRC32 crc = new CRC32();
  final byte[] header = new byte[20];
  final byte[] chunk = new byte[512];
  final byte[] mac = new byte[32];
  private final Hmac sha1 = new Hmac("SHA-1");
  private final Hmac sha256 = new Hmac("SHA-256");

  static ThreadScratch get() {
    return CURRENT.get();
  }

  Hmac hmacSha1(byte[] key) {
    return sha1.start(key);
  }

  Hmac hmacSha256(byte[] key) {
    return sha256.start(key);
  }

  /**
   * Feeds {@code length} bytes of {@code buf} at {@code index} to {@code crc}, without allocating.
   *
   * <p>A direct buffer is copied through {@link #chunk}: {@code CRC32.update(ByteBuffer)} would
   * need an NIO view, and {@code nioBuffer()} allocates one per call with the pooled allocator (128
   * B) while {@code internalNioBuffer()} allocates one per buffer with the adaptive allocator (64
   * B); the copy allocates nothing with either and was not slower (benchmarks/RESULTS-codec.md).
   */
  void update(CRC32 target, ByteBuf buf, int index, int length) {
    if (buf.hasArray()) {
      target.update(buf.array(), buf.arrayOffset() + index, length);
      return;
    }
    while (length > 0) {
      int n = Math.min(length, chunk.length);
      buf.getBytes(index, chunk, 0, n);
      target.update(chunk, 0, n);
      index += n;
      length -= n;
    }
  }

  /**
   * Feeds {@code length} bytes of {@code buf} at {@code index} to {@code target}, without
   * allocating.
   */
  void update(Hmac target, ByteBuf buf, int index, int length) {
    if (buf.hasArray()) {
      target.update(buf.array(), buf.arrayOffset() + index, length);
      return;
    }
    while (length > 0) {
      int n = Math.min(length, chunk.length);
      buf.getBytes(index, chunk, 0, n);
      target.update(chunk, 0, n);
      index += n;
      length -= n;
    }
  }
}

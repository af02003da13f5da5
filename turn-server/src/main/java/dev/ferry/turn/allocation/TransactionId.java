package dev.ferry.turn.allocation;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * The 96-bit STUN transaction ID (RFC 8489 §5) as two primitives, so it can key caches and be kept
 * with an allocation to recognise a retransmitted Allocate (RFC 8656 §7.2 note).
 */
public final class TransactionId {
  /** Length of a transaction ID in bytes. */
  public static final int LENGTH = 12;

  private final long high;
  private final int low;

  private TransactionId(long high, int low) {
    this.high = high;
    this.low = low;
  }

  /** From the first 8 and last 4 bytes. */
  public static TransactionId of(long high, int low) {
    return new TransactionId(high, low);
  }

  /** From exactly 12 bytes. */
  public static TransactionId of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("transaction ID needs 12 bytes, got " + bytes.length);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    return new TransactionId(b.getLong(), b.getInt());
  }

  /** Reads the 12 bytes at {@code index} without moving the reader index. */
  public static TransactionId read(ByteBuf buf, int index) {
    return new TransactionId(buf.getLong(index), buf.getInt(index + 8));
  }

  /** The 12 bytes in network order. */
  public byte[] toBytes() {
    return ByteBuffer.allocate(LENGTH).putLong(high).putInt(low).array();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TransactionId other && high == other.high && low == other.low;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(high) * 31 + low;
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(toBytes());
  }
}

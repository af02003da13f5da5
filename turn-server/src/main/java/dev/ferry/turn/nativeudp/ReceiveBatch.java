package dev.ferry.turn.nativeudp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The datagrams of one recvmmsg call: fixed-size payload slots in one pooled direct region plus a
 * record per slot with length, truncation and sender, all readable without creating objects.
 *
 * <p>Payload views are valid only during {@link DatagramBatchHandler#onBatch}; a consumer that
 * keeps a datagram takes {@code payload(i).retainedSlice()} (a recycled pooled slice) and releases
 * it later. While any such slice lives, the next read takes a fresh region from the pool instead of
 * overwriting the kept bytes. Used on one event loop only.
 */
public final class ReceiveBatch implements AutoCloseable {
  // Record layout written by ferryudp.c (little-endian ints, address in network order).
  static final int META_SIZE = 32;
  private static final int OFF_LENGTH = 0;
  private static final int OFF_FLAGS = 4;
  private static final int OFF_FAMILY = 8;
  private static final int OFF_PORT = 12;
  private static final int OFF_ADDRESS = 16;
  private static final int FLAG_TRUNCATED = 1;

  private final ByteBufAllocator allocator;
  private final int slots;
  private final int slotSize;
  private final ByteBuffer meta;
  // Same memory read big-endian: the addresses are in network order.
  private final ByteBuffer addresses;
  private final ByteBuf[] views;
  private ByteBuf region;
  private long regionAddress;
  private int count;
  private boolean closed;

  /**
   * A batch of {@code slots} datagrams (1..64) of at most {@code slotSize} bytes each; a longer
   * datagram arrives cut to {@code slotSize} and flagged {@link #truncated}.
   */
  public ReceiveBatch(int slots, int slotSize) {
    this(PooledByteBufAllocator.DEFAULT, slots, slotSize);
  }

  ReceiveBatch(ByteBufAllocator allocator, int slots, int slotSize) {
    if (slots < 1 || slots > NativeMethods.MAX_BATCH) {
      throw new IllegalArgumentException("slots must be 1.." + NativeMethods.MAX_BATCH);
    }
    if (slotSize < 1 || slotSize > 65_535) {
      throw new IllegalArgumentException("slotSize must be 1..65535");
    }
    this.allocator = allocator;
    this.slots = slots;
    this.slotSize = slotSize;
    this.meta = ByteBuffer.allocateDirect(slots * META_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    this.addresses = meta.duplicate().order(ByteOrder.BIG_ENDIAN);
    this.views = new ByteBuf[slots];
  }

  /** Slots per read. */
  public int slots() {
    return slots;
  }

  /** Bytes per slot: the longest datagram received whole. */
  public int slotSize() {
    return slotSize;
  }

  /**
   * Reads up to {@link #slots()} datagrams from {@code fd}; returns the count, 0 when none is
   * waiting, or {@code -errno}. Runs on the socket's event loop.
   */
  int receive(int fd) {
    if (closed) {
      throw new IllegalStateException("receive batch closed");
    }
    if (region == null || isShared()) {
      // Someone still holds a slice of the current region: leave those bytes alone.
      replaceRegion();
    }
    count = 0;
    int received =
        NativeMethods.recvmmsg(fd, regionAddress, region.capacity(), slotSize, meta, slots);
    if (received <= 0) {
      return received;
    }
    count = Math.min(received, slots);
    for (int i = 0; i < count; i++) {
      views[i].setIndex(0, length(i));
    }
    return count;
  }

  /**
   * Whether a consumer kept bytes of the last batch. A consumer's {@code retainedSlice()} of a view
   * retains the view (Netty's pooled slices hold their direct parent), not the region, so the views
   * handed out last time are checked as well as the region.
   */
  private boolean isShared() {
    if (region.refCnt() != 1 + slots) {
      return true;
    }
    for (int i = 0; i < count; i++) {
      if (views[i].refCnt() != 1) {
        return true;
      }
    }
    return false;
  }

  private void replaceRegion() {
    releaseRegion();
    ByteBuf fresh = allocator.directBuffer(slots * slotSize, slots * slotSize);
    try {
      regionAddress = MemoryAddresses.of(fresh, 0, fresh.capacity());
      for (int i = 0; i < slots; i++) {
        // Pooled retained slices (recycled, no allocation), each holding one reference on the
        // region; a consumer's retainedSlice() of one is again a recycled pooled slice. A plain
        // slice() would not be: its retainedSlice() allocates a new derived buffer every time.
        views[i] = fresh.retainedSlice(i * slotSize, slotSize);
      }
    } catch (RuntimeException e) {
      region = fresh;
      releaseRegion();
      throw e;
    }
    region = fresh;
  }

  private void releaseRegion() {
    for (int i = 0; i < slots; i++) {
      if (views[i] != null) {
        views[i].release();
        views[i] = null;
      }
    }
    if (region != null) {
      region.release();
      region = null;
    }
  }

  /** Datagrams in this batch (valid indexes are 0..count-1). */
  public int count() {
    return count;
  }

  /** Payload bytes of datagram {@code i} held in its slot. */
  public int length(int i) {
    return meta.getInt(record(i) + OFF_LENGTH);
  }

  /** True when datagram {@code i} was longer than the slot and its tail was lost. */
  public boolean truncated(int i) {
    return (meta.getInt(record(i) + OFF_FLAGS) & FLAG_TRUNCATED) != 0;
  }

  /** True for an IPv4 sender (including a v4-mapped sender on a dual-stack socket). */
  public boolean senderIsIpv4(int i) {
    return meta.getInt(record(i) + OFF_FAMILY) == NativeMethods.FAMILY_IPV4;
  }

  /** The IPv4 sender as an int in network order (first octet in the high byte). */
  public int senderIpv4(int i) {
    return addresses.getInt(record(i) + OFF_ADDRESS);
  }

  /** The first 8 bytes of an IPv6 sender, in network order. */
  public long senderIpv6High(int i) {
    return addresses.getLong(record(i) + OFF_ADDRESS);
  }

  /** The last 8 bytes of an IPv6 sender, in network order. */
  public long senderIpv6Low(int i) {
    return addresses.getLong(record(i) + OFF_ADDRESS + 8);
  }

  /** The sender's UDP port. */
  public int senderPort(int i) {
    return meta.getInt(record(i) + OFF_PORT);
  }

  /**
   * Datagram {@code i}'s payload as a reusable view (readerIndex 0, writerIndex length); valid
   * until the batch callback returns. Never release it; keep bytes with {@code retainedSlice()}.
   */
  public ByteBuf payload(int i) {
    checkIndex(i);
    return views[i];
  }

  /** The sender as a socket address; allocates, so for logs and tests, not the hot path. */
  public InetSocketAddress sender(int i) {
    int at = record(i) + OFF_ADDRESS;
    byte[] bytes = new byte[senderIsIpv4(i) ? 4 : 16];
    for (int b = 0; b < bytes.length; b++) {
      bytes[b] = addresses.get(at + b);
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(bytes), senderPort(i));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always an address", e);
    }
  }

  private int record(int i) {
    checkIndex(i);
    return i * META_SIZE;
  }

  private void checkIndex(int i) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException(i);
    }
  }

  /** Gives the region back to the pool (slices still held keep it alive until released). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    count = 0;
    releaseRegion();
  }
}

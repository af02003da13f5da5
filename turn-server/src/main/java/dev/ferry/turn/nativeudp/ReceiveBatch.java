package dev.ferry.turn.nativeudp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The datagrams of one recvmmsg call: fixed-size payload slots in one pooled direct region plus a
 * record per slot with length, truncation and sender, all readable without creating objects.
 *
 * <p>Payload views are valid only during {@link DatagramBatchHandler#onDatagram}; a consumer that
 * keeps a datagram takes {@code payload(i).retainedSlice()} (a recycled pooled slice) and releases
 * it later. While any such slice lives, the next read takes a fresh region from the pool instead of
 * overwriting the kept bytes. Region, views and records belong to the reading thread's {@link
 * ReceiveArea}, shared by all its sockets, so an idle socket holds none of them. Used on one event
 * loop only.
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
  // The reading thread's area, from a read until the wakeup's reads end.
  private ReceiveArea area;
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
  }

  /** {@code requested} datagrams per read, within what one read can take (1..64). */
  public static int slotsFor(int requested) {
    return Math.max(1, Math.min(NativeMethods.MAX_BATCH, requested));
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
   * Reads up to {@link #slots()} datagrams from {@code fd} into the calling thread's {@link
   * ReceiveArea}; returns the count, 0 when none is waiting, or {@code -errno}. Runs on the
   * socket's event loop, and {@link #endReads()} follows once the wakeup's reads are done.
   */
  int receive(int fd) {
    if (closed) {
      throw new IllegalStateException("receive batch closed");
    }
    count = 0;
    area = ReceiveArea.current();
    int received = area.read(fd, slots, slotSize, allocator);
    if (received <= 0) {
      return received;
    }
    count = Math.min(received, slots);
    for (int i = 0; i < count; i++) {
      area.view(i).setIndex(0, length(i));
    }
    return count;
  }

  /** Ends a wakeup's reads: the views and records die here, as promised to the handler. */
  void endReads() {
    count = 0;
    ReceiveArea ended = area;
    area = null;
    if (ended != null) {
      ended.endReads();
    }
  }

  /** Datagrams in this batch (valid indexes are 0..count-1). */
  public int count() {
    return count;
  }

  /** Payload bytes of datagram {@code i} held in its slot. */
  public int length(int i) {
    int at = record(i);
    return area.numbers.getInt(at + OFF_LENGTH);
  }

  /** True when datagram {@code i} was longer than the slot and its tail was lost. */
  public boolean truncated(int i) {
    int at = record(i);
    return (area.numbers.getInt(at + OFF_FLAGS) & FLAG_TRUNCATED) != 0;
  }

  /** True for an IPv4 sender (including a v4-mapped sender on a dual-stack socket). */
  public boolean senderIsIpv4(int i) {
    int at = record(i);
    return area.numbers.getInt(at + OFF_FAMILY) == NativeMethods.FAMILY_IPV4;
  }

  /** The IPv4 sender as an int in network order (first octet in the high byte). */
  public int senderIpv4(int i) {
    int at = record(i);
    return area.addresses.getInt(at + OFF_ADDRESS);
  }

  /** The first 8 bytes of an IPv6 sender, in network order. */
  public long senderIpv6High(int i) {
    int at = record(i);
    return area.addresses.getLong(at + OFF_ADDRESS);
  }

  /** The last 8 bytes of an IPv6 sender, in network order. */
  public long senderIpv6Low(int i) {
    int at = record(i);
    return area.addresses.getLong(at + OFF_ADDRESS + 8);
  }

  /** The sender's UDP port. */
  public int senderPort(int i) {
    int at = record(i);
    return area.numbers.getInt(at + OFF_PORT);
  }

  /**
   * Datagram {@code i}'s payload as a reusable view (readerIndex 0, writerIndex length); valid
   * until the handler returns. Never release it; keep bytes with {@code retainedSlice()}.
   */
  public ByteBuf payload(int i) {
    checkIndex(i);
    return area.view(i);
  }

  /** The sender as a socket address; allocates, so for logs and tests, not the hot path. */
  public InetSocketAddress sender(int i) {
    int at = record(i) + OFF_ADDRESS;
    byte[] bytes = new byte[senderIsIpv4(i) ? 4 : 16];
    for (int b = 0; b < bytes.length; b++) {
      bytes[b] = area.addresses.get(at + b);
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

  /** Ends reading; the memory read into belongs to the thread's {@link ReceiveArea}. */
  @Override
  public void close() {
    closed = true;
    count = 0;
  }
}

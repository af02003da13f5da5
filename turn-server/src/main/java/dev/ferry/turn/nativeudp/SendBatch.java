package dev.ferry.turn.nativeudp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A bounded queue of outgoing datagrams for one socket, sent with sendmmsg in chunks of up to 64.
 *
 * <p>Each queued payload is owned by the batch and released once sent or dropped. A full queue
 * drops new datagrams, and a datagram the kernel refuses is dropped, so neither a flood nor one bad
 * datagram can grow memory or block the rest; both are counted. Used on one event loop only.
 */
public final class SendBatch implements AutoCloseable {
  // Record layout read by ferryudp.c (little-endian numbers, address in network order).
  static final int META_SIZE = 40;
  private static final int OFF_PAYLOAD = 0;
  private static final int OFF_LENGTH = 8;
  private static final int OFF_FAMILY = 12;
  private static final int OFF_PORT = 16;
  private static final int OFF_SEGMENT = 20;
  private static final int OFF_ADDRESS = 24;

  private final ByteBufAllocator allocator;
  private final int capacity;
  private final ByteBuffer meta;
  private final ByteBuffer addresses;
  // A ring of queued datagrams; primitives only, so queueing creates no object.
  private final ByteBuf[] payloads;
  private final long[] payloadAddresses;
  private final int[] families;
  private final int[] ports;
  private final int[] segmentSizes;
  private final long[] addressHigh;
  private final long[] addressLow;
  private int head;
  private int size;
  private long sent;
  private long refused;
  private long droppedFull;
  private int lastRefusedErrno;
  private boolean closed;

  /** A queue holding at most {@code capacity} datagrams. */
  public SendBatch(int capacity) {
    this(PooledByteBufAllocator.DEFAULT, capacity);
  }

  SendBatch(ByteBufAllocator allocator, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.allocator = allocator;
    this.capacity = capacity;
    this.meta =
        ByteBuffer.allocateDirect(NativeMethods.MAX_BATCH * META_SIZE)
            .order(ByteOrder.LITTLE_ENDIAN);
    this.addresses = meta.duplicate().order(ByteOrder.BIG_ENDIAN);
    this.payloads = new ByteBuf[capacity];
    this.payloadAddresses = new long[capacity];
    this.families = new int[capacity];
    this.ports = new int[capacity];
    this.segmentSizes = new int[capacity];
    this.addressHigh = new long[capacity];
    this.addressLow = new long[capacity];
  }

  /** Queues {@code payload} for an IPv4 recipient (network-order int); false if dropped. */
  public boolean addIpv4(ByteBuf payload, int address, int port) {
    return add(payload, NativeMethods.FAMILY_IPV4, (address & 0xFFFF_FFFFL) << 32, 0L, port, 0);
  }

  /**
   * Queues a UDP GSO train for an IPv4 recipient: the kernel cuts {@code payload} into datagrams of
   * {@code segmentSize} bytes (the last may be shorter); 0 sends it as one datagram.
   */
  public boolean addIpv4(ByteBuf payload, int address, int port, int segmentSize) {
    return add(
        payload, NativeMethods.FAMILY_IPV4, (address & 0xFFFF_FFFFL) << 32, 0L, port, segmentSize);
  }

  /** Queues {@code payload} for an IPv6 recipient (two network-order halves); false if dropped. */
  public boolean addIpv6(ByteBuf payload, long high, long low, int port) {
    return add(payload, NativeMethods.FAMILY_IPV6, high, low, port, 0);
  }

  /** Queues a UDP GSO train for an IPv6 recipient; see {@link #addIpv4(ByteBuf, int, int, int)}. */
  public boolean addIpv6(ByteBuf payload, long high, long low, int port, int segmentSize) {
    return add(payload, NativeMethods.FAMILY_IPV6, high, low, port, segmentSize);
  }

  private boolean add(ByteBuf payload, int family, long high, long low, int port, int segment) {
    if (closed || size == capacity) {
      payload.release();
      droppedFull++;
      return false;
    }
    if (port < 0 || port > 65_535 || segment < 0 || segment > 65_535) {
      payload.release();
      refused++;
      lastRefusedErrno = Errno.EINVAL;
      return false;
    }
    ByteBuf owned = payload;
    long address = MemoryAddresses.of(payload, payload.readerIndex(), payload.readableBytes());
    if (address == 0) {
      // Heap or composite: the kernel needs one contiguous native block.
      owned = allocator.directBuffer(payload.readableBytes());
      try {
        owned.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
      } finally {
        payload.release();
      }
      address = MemoryAddresses.of(owned, owned.readerIndex(), owned.readableBytes());
    }
    int slot = (head + size) % capacity;
    payloads[slot] = owned;
    payloadAddresses[slot] = address;
    families[slot] = family;
    ports[slot] = port;
    segmentSizes[slot] = segment;
    addressHigh[slot] = high;
    addressLow[slot] = low;
    size++;
    return true;
  }

  /**
   * Sends what is queued; true when the queue is empty afterwards, false when the socket would
   * block (the rest stays queued: wait for EPOLLOUT and flush again).
   */
  boolean flush(BatchSender sender) {
    while (size > 0) {
      int chunk = Math.min(size, NativeMethods.MAX_BATCH);
      for (int k = 0; k < chunk; k++) {
        writeRecord(k, (head + k) % capacity);
      }
      int result = sender.send(meta, chunk);
      if (result == 0) {
        return false;
      }
      if (result > 0) {
        int done = Math.min(result, chunk);
        sent += done;
        releaseHead(done);
      } else {
        // The first record was refused (bad address, oversized, GSO unsupported...): drop only it.
        refused++;
        lastRefusedErrno = -result;
        releaseHead(1);
      }
    }
    return true;
  }

  private void writeRecord(int k, int slot) {
    int at = k * META_SIZE;
    ByteBuf payload = payloads[slot];
    meta.putLong(at + OFF_PAYLOAD, payloadAddresses[slot]);
    meta.putInt(at + OFF_LENGTH, payload.readableBytes());
    meta.putInt(at + OFF_FAMILY, families[slot]);
    meta.putInt(at + OFF_PORT, ports[slot]);
    meta.putInt(at + OFF_SEGMENT, segmentSizes[slot]);
    addresses.putLong(at + OFF_ADDRESS, addressHigh[slot]);
    addresses.putLong(at + OFF_ADDRESS + 8, addressLow[slot]);
  }

  private void releaseHead(int n) {
    for (int k = 0; k < n; k++) {
      payloads[head].release();
      payloads[head] = null;
      head = (head + 1) % capacity;
      size--;
    }
  }

  /** Datagrams waiting to be sent. */
  public int size() {
    return size;
  }

  /** True when nothing waits to be sent. */
  public boolean isEmpty() {
    return size == 0;
  }

  /** Most datagrams the queue holds. */
  public int capacity() {
    return capacity;
  }

  /** Datagrams (or GSO trains) the kernel accepted. */
  public long sentCount() {
    return sent;
  }

  /** Datagrams dropped because the kernel refused them or their recipient was malformed. */
  public long refusedCount() {
    return refused;
  }

  /** Datagrams dropped because the queue was full (or closed). */
  public long droppedFullCount() {
    return droppedFull;
  }

  /** errno of the latest refusal (0 if none), e.g. EINVAL, EMSGSIZE. */
  public int lastRefusedErrno() {
    return lastRefusedErrno;
  }

  /** Releases every queued payload; later adds are dropped. */
  @Override
  public void close() {
    closed = true;
    if (size > 0) {
      releaseHead(size);
    }
  }
}

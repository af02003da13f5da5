package dev.ferry.turn.nativeudp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;

/**
 * A bounded queue of outgoing datagrams for one socket, sent with sendmmsg in chunks of up to 64.
 *
 * <p>Each queued payload is owned by the batch and released once sent or dropped. A full queue
 * drops new datagrams, and a datagram the kernel refuses is dropped, so neither a flood nor one bad
 * datagram can grow memory or block the rest; both are counted. Used on one event loop only; the
 * sendmmsg records are built in that thread's {@link RecordScratch}, so an empty queue holds no
 * native memory.
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

  // Per queued datagram, in longs: payload address, family | port << 16 | segment << 32, and the
  // two halves of the recipient address.
  private static final int LONGS = 4;
  private static final int INITIAL_SLOTS = 4;
  private static final ByteBuf[] NO_PAYLOADS = new ByteBuf[0];
  private static final long[] NO_FIELDS = new long[0];

  private final ByteBufAllocator allocator;
  private final int capacity;
  // A ring of queued datagrams; primitives only, so queueing creates no object. It starts empty
  // and doubles when full up to capacity, so an idle socket holds nothing and a busy one only its
  // largest backlog so far.
  private ByteBuf[] payloads = NO_PAYLOADS;
  private long[] fields = NO_FIELDS;
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
      ByteBuf copy = null;
      try {
        copy = allocator.directBuffer(payload.readableBytes());
        copy.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
        owned = copy;
        copy = null;
      } finally {
        payload.release();
        if (copy != null) {
          copy.release();
        }
      }
      address = MemoryAddresses.of(owned, owned.readerIndex(), owned.readableBytes());
    }
    if (size == payloads.length) {
      grow();
    }
    int slot = (head + size) % payloads.length;
    payloads[slot] = owned;
    int at = slot * LONGS;
    fields[at] = address;
    fields[at + 1] = family | (long) port << 16 | (long) segment << 32;
    fields[at + 2] = high;
    fields[at + 3] = low;
    size++;
    return true;
  }

  private void grow() {
    int length = Math.min(capacity, Math.max(INITIAL_SLOTS, payloads.length * 2));
    ByteBuf[] grownPayloads = new ByteBuf[length];
    long[] grownFields = new long[length * LONGS];
    for (int k = 0; k < size; k++) {
      int from = (head + k) % payloads.length;
      grownPayloads[k] = payloads[from];
      System.arraycopy(fields, from * LONGS, grownFields, k * LONGS, LONGS);
    }
    payloads = grownPayloads;
    fields = grownFields;
    head = 0;
  }

  /**
   * Sends what is queued; true when the queue is empty afterwards, false when the socket would
   * block (the rest stays queued: wait for EPOLLOUT and flush again).
   */
  boolean flush(BatchSender sender) {
    if (size == 0) {
      return true;
    }
    RecordScratch records = RecordScratch.sending();
    while (size > 0) {
      int chunk = Math.min(size, NativeMethods.MAX_BATCH);
      for (int k = 0; k < chunk; k++) {
        writeRecord(records, k, (head + k) % payloads.length);
      }
      int result = sender.send(records, chunk);
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

  private void writeRecord(RecordScratch records, int k, int slot) {
    ByteBuffer meta = records.numbers;
    int at = k * META_SIZE;
    int from = slot * LONGS;
    long packed = fields[from + 1];
    meta.putLong(at + OFF_PAYLOAD, fields[from]);
    meta.putInt(at + OFF_LENGTH, payloads[slot].readableBytes());
    meta.putInt(at + OFF_FAMILY, (int) packed & 0xFFFF);
    meta.putInt(at + OFF_PORT, (int) (packed >>> 16) & 0xFFFF);
    meta.putInt(at + OFF_SEGMENT, (int) (packed >>> 32) & 0xFFFF);
    records.addresses.putLong(at + OFF_ADDRESS, fields[from + 2]);
    records.addresses.putLong(at + OFF_ADDRESS + 8, fields[from + 3]);
  }

  private void releaseHead(int n) {
    for (int k = 0; k < n; k++) {
      payloads[head].release();
      payloads[head] = null;
      head = (head + 1) % payloads.length;
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

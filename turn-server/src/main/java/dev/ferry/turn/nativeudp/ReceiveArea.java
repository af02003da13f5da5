package dev.ferry.turn.nativeudp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The memory recvmmsg reads into, one per thread and shared by every socket read on it: a pooled
 * payload region with a view per slot, and the per-slot records. Sockets are read one after another
 * on their event loop and a batch's views and records die with its wakeup, so one area serves them
 * all and an idle socket holds none of it.
 *
 * <p>While a consumer keeps a slice of the region, the next read takes a fresh region from the pool
 * instead of overwriting the kept bytes. Views live as long as their region, so steady-state reads
 * create no object.
 */
final class ReceiveArea {
  private static final FastThreadLocal<ReceiveArea> AREAS =
      new FastThreadLocal<>() {
        @Override
        protected ReceiveArea initialValue() {
          return new ReceiveArea();
        }

        @Override
        protected void onRemoval(ReceiveArea area) {
          area.releaseRegion(); // the thread ends (Netty's threads remove their locals on exit)
        }
      };

  /** Records, numbers little-endian as ferryudp.c writes them. */
  final ByteBuffer numbers;

  /** The same memory read big-endian: addresses are in network order. */
  final ByteBuffer addresses;

  private final ByteBuf[] views = new ByteBuf[NativeMethods.MAX_BATCH];
  // Asked of JNI once: GetDirectBufferAddress on every read cost a type check per call.
  private long numbersAddress;
  private int viewCount;
  private ByteBuf region;
  private ByteBufAllocator regionAllocator;
  private long regionAddress;
  private int regionSlots;
  private int slotSize;
  private int datagramsSinceTaken;

  private ReceiveArea() {
    numbers =
        ByteBuffer.allocateDirect(NativeMethods.MAX_BATCH * ReceiveBatch.META_SIZE)
            .order(ByteOrder.LITTLE_ENDIAN);
    addresses = numbers.duplicate().order(ByteOrder.BIG_ENDIAN);
  }

  /** This thread's area. */
  static ReceiveArea current() {
    return AREAS.get();
  }

  /**
   * Reads up to {@code slots} datagrams of at most {@code slotSize} bytes from {@code fd} into a
   * region from {@code allocator}; returns what recvmmsg returned (count, 0 or {@code -errno}).
   */
  int read(int fd, int slots, int slotSize, ByteBufAllocator allocator) {
    if (region == null
        || slotSize != this.slotSize
        || slots > regionSlots
        || allocator != regionAllocator
        || isShared()) {
      replaceRegion(slots, slotSize, allocator);
    }
    int received =
        NativeMethods.recvmmsg(
            fd,
            regionAddress,
            (long) slots * slotSize,
            slotSize,
            numbersAddress(),
            numbers.capacity(),
            slots);
    int filled = Math.min(received, slots);
    if (filled > 0) {
      datagramsSinceTaken += filled;
    }
    for (; viewCount < filled; viewCount++) {
      // Pooled retained slices (recycled), each holding one reference on the region; a consumer's
      // retainedSlice() of one is again a recycled pooled slice. A plain slice() would not be: its
      // retainedSlice() allocates a new derived buffer every time.
      views[viewCount] = region.retainedSlice(viewCount * slotSize, slotSize);
    }
    return received;
  }

  /** Datagrams this thread read since the last call (one I/O round), and restarts the count. */
  int takeDatagramsRead() {
    int taken = datagramsSinceTaken;
    datagramsSinceTaken = 0;
    return taken;
  }

  private long numbersAddress() {
    if (numbersAddress == 0) {
      numbersAddress = NativeMethods.directBufferAddress(numbers);
    }
    return numbersAddress;
  }

  /** The view of slot {@code i} filled by the last read. */
  ByteBuf view(int i) {
    return views[i];
  }

  /**
   * Called when a wakeup's reads are over: a region a consumer still holds bytes of is let go now,
   * so it returns to the pool as soon as they are released; an unshared one stays for the next read
   * on this thread.
   */
  void endReads() {
    if (region != null && isShared()) {
      releaseRegion();
    }
  }

  /**
   * Whether a consumer kept bytes of a read. A consumer's {@code retainedSlice()} of a view retains
   * the view (Netty's pooled slices hold their direct parent), not the region, so the views are
   * checked as well as the region.
   */
  private boolean isShared() {
    if (region.refCnt() != 1 + viewCount) {
      return true;
    }
    for (int i = 0; i < viewCount; i++) {
      if (views[i].refCnt() != 1) {
        return true;
      }
    }
    return false;
  }

  private void replaceRegion(int slots, int size, ByteBufAllocator allocator) {
    // Keep the larger slot count of the sockets sharing this thread, so they do not take turns
    // replacing the region.
    int keep = size == slotSize && allocator == regionAllocator ? Math.max(slots, regionSlots) : 0;
    int wanted = Math.max(slots, keep);
    releaseRegion();
    ByteBuf fresh = allocator.directBuffer(wanted * size, wanted * size);
    region = fresh;
    regionAllocator = allocator;
    regionAddress = MemoryAddresses.of(fresh, 0, fresh.capacity());
    regionSlots = wanted;
    slotSize = size;
  }

  private void releaseRegion() {
    for (int i = 0; i < viewCount; i++) {
      views[i].release();
      views[i] = null;
    }
    viewCount = 0;
    if (region != null) {
      region.release();
      region = null;
      regionAddress = 0;
    }
  }
}

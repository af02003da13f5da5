package dev.ferry.turn.nativeudp;

import io.netty.util.concurrent.FastThreadLocal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The direct memory sendmmsg records are built in, one block per thread shared by all its sockets,
 * so that an idle socket holds none. Sharing is safe because records live only from being written
 * until sendmmsg returns, on the calling thread (receive records live in {@link ReceiveArea}).
 */
final class RecordScratch {
  private static final FastThreadLocal<RecordScratch> SEND =
      new FastThreadLocal<>() {
        @Override
        protected RecordScratch initialValue() {
          return new RecordScratch(NativeMethods.MAX_BATCH * SendBatch.META_SIZE);
        }
      };

  /** The records, numbers little-endian as ferryudp.c reads and writes them. */
  final ByteBuffer numbers;

  /** The same memory read big-endian: addresses are in network order. */
  final ByteBuffer addresses;

  // Asked of JNI on first send (tests use records without the library).
  private long address;

  private RecordScratch(int bytes) {
    this.numbers = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
    this.addresses = numbers.duplicate().order(ByteOrder.BIG_ENDIAN);
  }

  /** Native address of {@link #numbers}, which sendmmsg reads. */
  long address() {
    if (address == 0) {
      address = NativeMethods.directBufferAddress(numbers);
    }
    return address;
  }

  /** Size of the block in bytes. */
  int capacity() {
    return numbers.capacity();
  }

  /** This thread's block for up to 64 send records. */
  static RecordScratch sending() {
    return SEND.get();
  }
}

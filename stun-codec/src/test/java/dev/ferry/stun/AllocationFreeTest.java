package dev.ferry.stun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.stun.attribute.AddressFamily;
import dev.ferry.stun.integrity.MessageIntegrity;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * After warm-up, the per-packet paths allocate nothing: wrap and index look-ups, encoding a typical
 * authenticated response, and the MESSAGE-INTEGRITY check.
 */
class AllocationFreeTest {
  private static final byte[] KEY = new byte[16];
  private static final byte[] TRANSACTION_ID = new byte[12];

  private static com.sun.management.ThreadMXBean allocationCounter() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    if (!(bean instanceof com.sun.management.ThreadMXBean sun)
        || !sun.isThreadAllocatedMemorySupported()) {
      throw new IllegalStateException("allocation accounting unavailable in this JVM");
    }
    return sun;
  }

  /** Bytes this thread allocates over 10k runs of {@code work}, after 20k runs of warm-up. */
  private static long allocatedBy(java.util.function.LongSupplier work) {
    com.sun.management.ThreadMXBean sun = allocationCounter();
    long sink = 0;
    for (int i = 0; i < 20_000; i++) {
      sink += work.getAsLong();
    }
    long thread = Thread.currentThread().getId();
    long before = sun.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 10_000; i++) {
      sink += work.getAsLong();
    }
    long allocated = sun.getThreadAllocatedBytes(thread) - before;
    assertThat(sink).isPositive();
    return allocated;
  }

  @Test
  void encodeAuthenticatedResponse_afterWarmUp_allocatesNothingPerMessage() throws Exception {
    InetSocketAddress client =
        new InetSocketAddress(
            InetAddress.getByAddress(new byte[] {(byte) 198, 51, 100, 23}), 50123);
    StunWriter writer = new StunWriter();
    ByteBuf direct = Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(256));
    ByteBuf heap = Unpooled.wrappedBuffer(new byte[256]);
    ByteBuf[] buffers = {direct, heap};
    try {
      long allocated =
          allocatedBy(
              () -> {
                long length = 0;
                for (ByteBuf out : buffers) {
                  out.clear();
                  writer
                      .begin(
                          out, StunMethod.ALLOCATE, MessageClass.SUCCESS_RESPONSE, TRANSACTION_ID)
                      .xorRelayedAddress(0xCB007105, 49876)
                      .xorPeerAddress(0x20010DB8_00000000L, 1L, 3478)
                      .xorMappedAddress(client)
                      .lifetime(600)
                      .software("Ferry 0.1.0")
                      .messageIntegrity(KEY)
                      .messageIntegritySha256(KEY)
                      .fingerprint();
                  length += out.readableBytes();
                }
                return length;
              });
      // Far less than one byte per message: nothing is allocated per response.
      assertThat(allocated).as("bytes allocated by 10k x 2 encodes").isLessThan(10_000);
    } finally {
      direct.release();
      heap.release();
    }
  }

  @Test
  void messageIntegrityChecks_afterWarmUp_allocateNothingPerMessage() {
    ByteBuf built = Unpooled.buffer();
    new StunWriter()
        .begin(built, StunMethod.ALLOCATE, MessageClass.REQUEST, TRANSACTION_ID)
        .username("1767225600:alice")
        .realm("ferry.example")
        .messageIntegrity(KEY)
        .messageIntegritySha256(KEY)
        .fingerprint();
    ByteBuffer nio = ByteBuffer.allocateDirect(built.readableBytes());
    built.getBytes(0, nio.duplicate());
    built.release();
    ByteBuf buf = Unpooled.wrappedBuffer(nio);
    try {
      StunMessage m = new StunMessage();
      assertThat(m.wrap(buf)).isEqualTo(DecodeStatus.OK);
      long allocated =
          allocatedBy(
              () ->
                  (MessageIntegrity.check(m, KEY) ? 1 : 0)
                      + (MessageIntegrity.checkSha256(m, KEY) ? 1 : 0));
      assertThat(allocated).as("bytes allocated by 10k checks").isLessThan(10_000);
    } finally {
      buf.release();
    }
  }

  @Test
  void wrapAndLookups_afterWarmUp_allocateNothingPerMessage() {
    com.sun.management.ThreadMXBean sun = allocationCounter();
    ByteBuf built = Unpooled.buffer();
    new StunWriter()
        .begin(built, StunMethod.SEND, MessageClass.INDICATION, new byte[12])
        .requestedAddressFamily(AddressFamily.IPV4)
        .lifetime(600)
        .attribute(AttributeType.DATA, new byte[100])
        .fingerprint();
    // Wrapped NIO buffers are not leak-tracked: PARANOID tracking allocates on every access.
    ByteBuffer direct = ByteBuffer.allocateDirect(built.readableBytes());
    built.getBytes(0, direct.duplicate());
    built.release();
    ByteBuf buf = Unpooled.wrappedBuffer(direct);
    try {
      StunMessage m = new StunMessage();
      int[] unknown = new int[8];
      long sink = 0;
      for (int i = 0; i < 20_000; i++) {
        sink += run(m, buf, unknown);
      }
      long thread = Thread.currentThread().getId();
      long before = sun.getThreadAllocatedBytes(thread);
      for (int i = 0; i < 10_000; i++) {
        sink += run(m, buf, unknown);
      }
      long allocated = sun.getThreadAllocatedBytes(thread) - before;
      assertThat(sink).isPositive();
      // Far less than one byte per message: nothing is allocated per wrap.
      assertThat(allocated).as("bytes allocated by 10k wraps").isLessThan(10_000);
    } finally {
      buf.release();
    }
  }

  private static long run(StunMessage m, ByteBuf buf, int[] unknown) {
    if (m.wrap(buf) != DecodeStatus.OK) {
      return 0;
    }
    int i = m.indexOf(AttributeType.DATA);
    return m.valueLengthAt(i)
        + m.indexOf(AttributeType.LIFETIME)
        + m.method()
        + m.transactionIdLow()
        + m.unknownComprehensionRequired(unknown)
        + (m.hasFingerprint() ? 1 : 0);
  }
}

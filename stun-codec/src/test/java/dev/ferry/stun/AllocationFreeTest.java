package dev.ferry.stun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.stun.attribute.AddressFamily;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** After warm-up, wrap and index lookups allocate nothing (the per-packet path). */
class AllocationFreeTest {
  @Test
  void wrapAndLookups_afterWarmUp_allocateNothingPerMessage() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    if (!(bean instanceof com.sun.management.ThreadMXBean sun)
        || !sun.isThreadAllocatedMemorySupported()) {
      throw new IllegalStateException("allocation accounting unavailable in this JVM");
    }
    ByteBuf built = Unpooled.buffer();
    new StunWriter()
        .begin(built, StunMethod.SEND, MessageClass.INDICATION, new byte[12])
        .requestedAddressFamily(AddressFamily.IPV4)
        .lifetime(600)
        .attribute(AttributeType.DATA, new byte[100])
        .fingerprint();
    // Wrapped NIO buffers are not leak-tracked: PARANOID tracking allocates on every access.
    java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(built.readableBytes());
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

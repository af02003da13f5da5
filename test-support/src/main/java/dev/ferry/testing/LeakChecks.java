package dev.ferry.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;

/** Makes Netty report pending leaks now and turns any recorded leak into a test failure. */
final class LeakChecks {
  private static final int ROUNDS = 3;

  private LeakChecks() {}

  /**
   * Netty only notices a leak when a collected buffer was never released and a later tracked
   * allocation polls the reference queue, so this collects garbage and allocates before it looks.
   */
  static void assertNoLeaks(String where) {
    for (int i = 0; i < ROUNDS; i++) {
      System.gc();
      try {
        Thread.sleep(20); // lets the reference handler enqueue what the collector found
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      for (int j = 0; j < 8; j++) {
        ByteBuf heap = UnpooledByteBufAllocator.DEFAULT.heapBuffer(8);
        heap.release();
        ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(8);
        pooled.release();
      }
    }
    List<String> leaks = RecordingLeakDetector.drain();
    if (!leaks.isEmpty()) {
      throw new AssertionError(
          leaks.size() + " Netty buffer leak(s) in " + where + ":\n" + String.join("\n", leaks));
    }
  }
}

package dev.ferry.turn.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** How many datagrams a native relay socket takes per recvmmsg. */
class NativeRelayChannelFactoryTest {
  private static int readSlots(int readBatch) {
    NativeRelayChannelFactory factory =
        new NativeRelayChannelFactory(2048, readBatch, PooledByteBufAllocator.DEFAULT);
    try {
      return factory.readSlots();
    } finally {
      factory.close();
    }
  }

  @Test
  void readSlots_areTheListenersReadBatch_soAFloodedRelaySocketDrainsInOneRead() {
    assertThat(readSlots(16)).isEqualTo(16);
  }

  @Test
  void readSlots_beyondWhatOneReadTakes_areCappedAt64() {
    assertThat(readSlots(500)).isEqualTo(64);
  }

  @Test
  void readSlots_ofABatchBelowOne_areOne() {
    assertThat(readSlots(0)).isEqualTo(1);
  }
}

package dev.ferry.turn.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerConfigTest {

  @Test
  void defaultIoThreads_oneLoopPerTwoCpus() {
    assertThat(ServerConfig.defaultIoThreads(2)).isEqualTo(1);
    assertThat(ServerConfig.defaultIoThreads(8)).isEqualTo(4);
    assertThat(ServerConfig.defaultIoThreads(5)).isEqualTo(2);
  }

  @Test
  void defaultIoThreads_oneCpu_stillOneLoop() {
    assertThat(ServerConfig.defaultIoThreads(1)).isEqualTo(1);
  }

  @Test
  void defaults_useTheDefaultLoopCount() {
    assertThat(ServerConfig.defaults().ioThreads())
        .isEqualTo(ServerConfig.defaultIoThreads(Runtime.getRuntime().availableProcessors()));
  }
}

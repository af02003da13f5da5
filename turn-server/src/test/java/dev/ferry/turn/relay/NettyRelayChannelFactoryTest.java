package dev.ferry.turn.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.uring.IoUringDatagramChannel;
import org.junit.jupiter.api.Test;

class NettyRelayChannelFactoryTest {
  @Test
  void supportsDontFragment_nio_false() {
    assertThat(new NettyRelayChannelFactory(NioDatagramChannel.class, 1500).supportsDontFragment())
        .isFalse();
  }

  @Test
  void supportsDontFragment_epoll_true() {
    assertThat(
            new NettyRelayChannelFactory(EpollDatagramChannel.class, 1500).supportsDontFragment())
        .isTrue();
  }

  @Test
  void supportsDontFragment_ioUring_true() {
    assertThat(
            new NettyRelayChannelFactory(IoUringDatagramChannel.class, 1500).supportsDontFragment())
        .isTrue();
  }
}

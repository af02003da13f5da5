package dev.ferry.turn.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.turn.metrics.TurnMetrics;
import dev.ferry.turn.transport.NativeAvailability;
import dev.ferry.turn.transport.Transport;
import dev.ferry.turn.transport.TransportKind;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
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

  @Test
  void open_epollWithBatchOption_readsBatchesOfOneByteOverMaxDatagramSize() throws Exception {
    ReadSetup setup = openOnEpoll(batched(16));

    // The extra byte shows a datagram the kernel cut (PeerDatagramHandler drops it).
    assertThat(setup.maxDatagramPayload()).isEqualTo(2049);
    assertThat(setup.receiveBufferGuess()).isEqualTo(2049 * 16);
  }

  @Test
  void open_epollWithoutBatchOption_readsOneDatagramPerCall() throws Exception {
    ReadSetup setup = openOnEpoll(new NettyRelayChannelFactory(EpollDatagramChannel.class, 2048));

    assertThat(setup.maxDatagramPayload()).isZero();
    assertThat(setup.receiveBufferGuess()).isEqualTo(2049);
  }

  @Test
  void open_epollBatchOfOne_readsOneDatagramPerCall() throws Exception {
    ReadSetup setup = openOnEpoll(batched(1));

    assertThat(setup.maxDatagramPayload()).isZero();
    assertThat(setup.receiveBufferGuess()).isEqualTo(2049);
  }

  @Test
  void open_givenAllocator_relaySocketAllocatesFromIt() throws Exception {
    ReadSetup setup = openOnEpoll(batched(16));

    assertThat(setup.allocator()).isSameAs(PooledByteBufAllocator.DEFAULT);
  }

  @Test
  void relayBatchOption_onlyEpollBatchesRelayReads() {
    assertThat(Transport.of(TransportKind.EPOLL).relayBatchOption()).isPresent();
    assertThat(Transport.of(TransportKind.IO_URING).relayBatchOption()).isEmpty();
    assertThat(Transport.of(TransportKind.NIO).relayBatchOption()).isEmpty();
  }

  @Test
  void open_portHeldElsewhere_keepsTheSocketAndBindsItOnTheNextOpen() throws Exception {
    assumeTrue(NativeAvailability.probe().epoll(), "epoll unavailable on this host");
    var factory = new NettyRelayChannelFactory(EpollDatagramChannel.class, 2048);
    var firstHandler = peers();
    var secondHandler = peers();
    MultiThreadIoEventLoopGroup group =
        Transport.of(TransportKind.EPOLL)
            .newEventLoopGroup(1, new DefaultThreadFactory("relay-factory-test", true));
    try (var holder = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      EventLoop loop = group.next();
      var held = new InetSocketAddress(InetAddress.getLoopbackAddress(), holder.getLocalPort());
      var free = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
      var first =
          loop.submit(() -> factory.open(loop, held, false, firstHandler, METRICS))
              .get(5, TimeUnit.SECONDS);
      boolean spareAfterFailure =
          loop.submit(() -> factory.hasSpare(loop)).get(5, TimeUnit.SECONDS);
      Channel second =
          loop.submit(() -> channelOf(factory.open(loop, free, false, secondHandler, METRICS)))
              .get(5, TimeUnit.SECONDS);
      try {
        assertThat(first).isEmpty();
        assertThat(spareAfterFailure).isTrue();
        assertThat(loop.submit(() -> factory.hasSpare(loop)).get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(second.isActive()).isTrue();
        assertThat(((InetSocketAddress) second.localAddress()).getPort())
            .isNotEqualTo(holder.getLocalPort());
        assertThat(second.pipeline().toMap().values())
            .singleElement()
            .isInstanceOf(PeerDatagramHandler.class);
      } finally {
        second.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
      }
    } finally {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }

  /**
   * An epoll relay factory with the batch option, 2048-byte datagrams and the server's allocator.
   */
  private static NettyRelayChannelFactory batched(int readBatch) {
    return new NettyRelayChannelFactory(
        EpollDatagramChannel.class,
        2048,
        Transport.of(TransportKind.EPOLL).relayBatchOption(),
        readBatch,
        Transport.allocator());
  }

  private record ReadSetup(
      int maxDatagramPayload, int receiveBufferGuess, ByteBufAllocator allocator) {}

  private static ReadSetup openOnEpoll(NettyRelayChannelFactory factory) throws Exception {
    assumeTrue(NativeAvailability.probe().epoll(), "epoll unavailable on this host");
    MultiThreadIoEventLoopGroup group =
        Transport.of(TransportKind.EPOLL)
            .newEventLoopGroup(1, new DefaultThreadFactory("relay-factory-test", true));
    try {
      EventLoop loop = group.next();
      InetSocketAddress local = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
      Channel channel =
          loop.submit(() -> channelOf(factory.open(loop, local, false, peers(), METRICS)))
              .get(5, TimeUnit.SECONDS);
      try {
        return new ReadSetup(
            channel.config().getOption(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE),
            channel.config().getRecvByteBufAllocator().newHandle().guess(),
            channel.config().getAllocator());
      } finally {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
      }
    } finally {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }

  private static final TurnMetrics METRICS =
      TurnMetrics.register(
          new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
          () -> 0,
          java.util.List.of(),
          java.util.List.of());

  private static PeerDatagrams peers() {
    return new PeerDatagrams(() -> 0L, METRICS);
  }

  private static Channel channelOf(java.util.Optional<DatagramEndpoint> endpoint) {
    return ((ChannelEndpoint) endpoint.orElseThrow()).channel();
  }
}

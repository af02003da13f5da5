package dev.ferry.turn.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.turn.allocation.NanoClock;
import dev.ferry.turn.metrics.TurnMetrics;
import dev.ferry.turn.nativeudp.NativeUdpRequired;
import dev.ferry.turn.transport.Transport;
import dev.ferry.turn.transport.TransportKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Native relay sockets: a socket whose bind failed is kept for the next open, and closed at stop.
 */
class NativeRelayChannelFactoryIT {
  private final TurnMetrics metrics =
      TurnMetrics.register(new SimpleMeterRegistry(), () -> 0, List.of(), List.of());
  private final PeerDatagrams peers = new PeerDatagrams(NanoClock.SYSTEM, metrics);
  private final NativeRelayChannelFactory factory =
      new NativeRelayChannelFactory(2048, 4, PooledByteBufAllocator.DEFAULT);
  private MultiThreadIoEventLoopGroup group;
  private EventLoop loop;
  private DatagramSocket holder;

  @BeforeEach
  void start() throws Exception {
    NativeUdpRequired.check();
    group =
        Transport.of(TransportKind.EPOLL)
            .newEventLoopGroup(1, new DefaultThreadFactory("native-relay-factory-it", true));
    loop = group.next();
    holder = new DatagramSocket(0, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void stop() throws Exception {
    if (holder != null) {
      holder.close();
    }
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    factory.close();
  }

  private <T> T call(Callable<T> task) throws Exception {
    return loop.submit(task).get(5, TimeUnit.SECONDS);
  }

  private Optional<DatagramEndpoint> open(int port) throws Exception {
    InetSocketAddress local = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    return call(() -> factory.open(loop, local, false, peers, metrics));
  }

  @Test
  void open_portHeldElsewhere_keepsTheSocketAndBindsItOnTheNextOpen() throws Exception {
    Optional<DatagramEndpoint> refused = open(holder.getLocalPort());
    boolean spareAfterFailure = call(() -> factory.hasSpare(loop));
    Optional<DatagramEndpoint> bound = open(0);

    assertThat(refused).isEmpty();
    assertThat(spareAfterFailure).isTrue();
    assertThat(bound).isPresent();
    assertThat(call(() -> factory.hasSpare(loop))).isFalse();
    call(
        () -> {
          bound.get().close();
          return null;
        });
  }

  @Test
  void close_spareLeftByAFailedBind_isClosed() throws Exception {
    open(holder.getLocalPort());
    assertThat(call(() -> factory.hasSpare(loop))).isTrue();

    factory.close();

    assertThat(call(() -> factory.hasSpare(loop))).isFalse();
  }
}

package dev.ferry.turn.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.turn.dispatch.BindingHandler;
import dev.ferry.turn.dispatch.ErrorResponses;
import dev.ferry.turn.dispatch.StunDispatcher;
import dev.ferry.turn.metrics.StunMetrics;
import dev.ferry.turn.metrics.TransportLabel;
import dev.ferry.turn.nativeudp.NativeUdpRequired;
import dev.ferry.turn.nativeudp.NativeUdpSocket;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every listening socket asks the kernel for large buffers, read back from the kernel: a loop's
 * clients share one socket, and the default ~208 KiB overflows in a burst from a hundred clients.
 */
class UdpListenerSocketBuffersIT {
  private EventLoopGroup group;
  private List<Channel> listeners = List.of();
  private List<NativeUdpSocket> nativeListeners = List.of();

  @AfterEach
  void stop() {
    listeners.forEach(channel -> channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS));
    nativeListeners.forEach(
        socket -> socket.closeAsync().awaitUninterruptibly(2, TimeUnit.SECONDS));
    if (group != null) {
      group.shutdownGracefully(0, 2_000, TimeUnit.MILLISECONDS).awaitUninterruptibly(5_000);
    }
  }

  @Test
  void bind_everySocketOfTheAddress_getsTheLargeBuffersUpToTheSystemCap() throws Exception {
    Transport transport = Transport.of(TransportKind.EPOLL);
    group = transport.newEventLoopGroup(2, new DefaultThreadFactory("buffers-it", true));
    ErrorResponses errors = new ErrorResponses("Ferry test");
    UdpListener udp =
        new UdpListener(
            transport,
            new StunDispatcher(new BindingHandler(errors), errors),
            StunMetrics.register(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
                .forTransport(TransportLabel.UDP),
            new TailExceptionHandler(),
            1500,
            16);

    listeners = udp.bind(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

    assertThat(listeners).hasSize(2);
    for (Channel listener : listeners) {
      DatagramChannel socket = (DatagramChannel) listener;
      // Linux stores twice the request after capping it at the sysctl (socket(7), SO_RCVBUF).
      assertThat(socket.config().getReceiveBufferSize())
          .isEqualTo(2 * Math.min(UdpListener.SOCKET_BUFFER_BYTES, sysctl("rmem_max")));
      assertThat(socket.config().getSendBufferSize())
          .isEqualTo(2 * Math.min(UdpListener.SOCKET_BUFFER_BYTES, sysctl("wmem_max")));
    }
  }

  @Test
  void nativeBind_everySocketOfTheAddress_getsTheLargeBuffersUpToTheSystemCap() throws Exception {
    NativeUdpRequired.check();
    group =
        Transport.of(TransportKind.EPOLL)
            .newEventLoopGroup(2, new DefaultThreadFactory("buffers-it", true));
    NativeUdpListener udp = BindingOnlyNativeListener.create(UnaryOperator.identity());

    nativeListeners = udp.bind(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

    assertThat(nativeListeners).hasSize(2);
    for (NativeUdpSocket socket : nativeListeners) {
      // getsockopt through libferryudp: the kernel's value, as for the Netty sockets above.
      assertThat(socket.receiveBufferSize())
          .isEqualTo(2 * Math.min(UdpListener.SOCKET_BUFFER_BYTES, sysctl("rmem_max")));
      assertThat(socket.sendBufferSize())
          .isEqualTo(2 * Math.min(UdpListener.SOCKET_BUFFER_BYTES, sysctl("wmem_max")));
    }
  }

  /** Read by line: procfs reports a size of 0, and Files.readString then stops short. */
  private static int sysctl(String name) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(Path.of("/proc/sys/net/core", name))) {
      return Integer.parseInt(reader.readLine().trim());
    }
  }
}

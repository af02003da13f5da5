package dev.ferry.turn.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.turn.transport.NativeAvailability;
import dev.ferry.turn.transport.Transport;
import dev.ferry.turn.transport.TransportKind;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The socket family is read back from the kernel: an AF_INET socket is listed in /proc/net/udp, an
 * AF_INET6 one (dual-stack included) in /proc/net/udp6.
 */
class DatagramChannelsIT {
  private EventLoopGroup group;
  private DatagramChannel channel;

  @BeforeEach
  void start() {
    assumeTrue(NativeAvailability.probe().epoll(), "epoll unavailable on this host");
    group =
        Transport.of(TransportKind.EPOLL)
            .newEventLoopGroup(1, new DefaultThreadFactory("channels-it", true));
  }

  @AfterEach
  void stop() {
    if (channel != null) {
      channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  @Test
  void newChannel_ipv4Address_opensAnAfInetSocket() throws Exception {
    int port = bind(InetAddress.getByName("127.0.0.1"));

    assertThat(listedPorts("udp")).contains(port);
    assertThat(listedPorts("udp6")).doesNotContain(port);
  }

  @Test
  void newChannel_ipv6Address_opensAnAfInet6Socket() throws Exception {
    int port = bind(InetAddress.getByName("::1"));

    assertThat(listedPorts("udp6")).contains(port);
    assertThat(listedPorts("udp")).doesNotContain(port);
  }

  private int bind(InetAddress address) throws Exception {
    channel =
        new DatagramChannels(Transport.of(TransportKind.EPOLL).datagramChannel())
            .newChannel(address);
    channel.pipeline().addLast(new ChannelInboundHandlerAdapter());
    group.register(channel).sync();
    channel.bind(new InetSocketAddress(address, 0)).sync();
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** Local ports of the sockets in /proc/net/{udp,udp6} ("sl local_address:PORT ..."). */
  private static List<Integer> listedPorts(String table) throws IOException {
    try (var lines = Files.lines(Path.of("/proc/net", table))) {
      return lines
          .skip(1)
          .map(line -> line.trim().split("\\s+")[1])
          .map(local -> local.substring(local.indexOf(':') + 1).toUpperCase(Locale.ROOT))
          .map(hex -> Integer.parseInt(hex, 16))
          .toList();
    }
  }
}

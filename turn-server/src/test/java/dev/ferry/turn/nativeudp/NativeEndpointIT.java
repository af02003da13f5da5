package dev.ferry.turn.nativeudp;

import static dev.ferry.turn.nativeudp.Loopback.direct;
import static dev.ferry.turn.nativeudp.Loopback.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.turn.allocation.TransportAddress;
import dev.ferry.turn.metrics.TurnMetrics;
import dev.ferry.turn.relay.NativeEndpoint;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Datagrams the native endpoint drops before the kernel sends them are counted, by reason. */
class NativeEndpointIT {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final TurnMetrics metrics = TurnMetrics.register(registry, () -> 0, List.of(), List.of());
  private EpollLoop epoll;
  private NativeUdpSocket socket;
  private NativeEndpoint endpoint;
  private DatagramChannel peer;

  @BeforeEach
  void open() throws Exception {
    epoll = new EpollLoop();
    socket = NativeUdpSocket.openIpv4(new ReceiveBatch(1, 2048), new SendBatch(2));
    socket.bind(new InetSocketAddress("127.0.0.1", 0));
    socket.register(epoll.loop, new CollectingHandler()).get(5, TimeUnit.SECONDS);
    endpoint = new NativeEndpoint(socket, epoll.loop, PooledByteBufAllocator.DEFAULT, metrics);
    peer = Loopback.jdkPeer("127.0.0.1");
  }

  @AfterEach
  void close() throws Exception {
    socket.closeAsync().sync();
    peer.close();
    epoll.close();
  }

  private double dropped(String reason) {
    return registry.get("turn.udp.send.dropped").tag("reason", reason).counter().count();
  }

  @Test
  void write_sendQueueFull_dropsTheDatagramAndCountsQueueFull() throws Exception {
    TransportAddress to = TransportAddress.of((InetSocketAddress) peer.getLocalAddress());

    epoll.call(
        () -> {
          for (int i = 0; i < 3; i++) {
            endpoint.write(direct(pattern(10, i)), to);
          }
          endpoint.flush();
          return null;
        });

    assertThat(dropped("queue_full")).isEqualTo(1);
    assertThat(dropped("refused")).isZero();
    assertThat(Loopback.receive(peer).getLength()).isEqualTo(10);
    assertThat(Loopback.receive(peer).getLength()).isEqualTo(10);
  }

  @Test
  void flush_kernelRefusesTheDatagram_countsRefusedAndSendsTheNextOne() throws Exception {
    // The kernel refuses UDP to port 0 (EINVAL).
    TransportAddress nowhere = TransportAddress.of(new InetSocketAddress("127.0.0.1", 0));
    TransportAddress to = TransportAddress.of((InetSocketAddress) peer.getLocalAddress());

    epoll.call(
        () -> {
          endpoint.write(direct(pattern(10, 1)), nowhere);
          endpoint.write(direct(pattern(12, 2)), to);
          endpoint.flush();
          return null;
        });

    assertThat(dropped("refused")).isEqualTo(1);
    assertThat(dropped("queue_full")).isZero();
    assertThat(Loopback.receive(peer).getLength()).isEqualTo(12);
  }
}

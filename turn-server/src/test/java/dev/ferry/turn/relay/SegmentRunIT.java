package dev.ferry.turn.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.turn.allocation.TransportAddress;
import dev.ferry.turn.metrics.TurnMetrics;
import dev.ferry.turn.transport.NativeAvailability;
import dev.ferry.turn.transport.Transport;
import dev.ferry.turn.transport.TransportKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.socket.DatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs written through a real epoll socket reach a receiver that never asked for GRO as the
 * original datagrams: the kernel splits each GSO write at the segment size, the short tail
 * included.
 */
class SegmentRunIT {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final TurnMetrics metrics = TurnMetrics.register(registry, () -> 0, List.of(), List.of());
  private EventLoopGroup group;
  private DatagramChannel channel;
  private DatagramSocket receiver;

  @BeforeEach
  void start() throws IOException {
    assumeTrue(NativeAvailability.probe().epoll(), "epoll unavailable on this host");
    assumeTrue(SegmentedDatagramPacket.isSupported(), "UDP GSO unsupported on this host");
    group =
        Transport.of(TransportKind.EPOLL)
            .newEventLoopGroup(1, new DefaultThreadFactory("segment-run-it", true));
    receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    receiver.setSoTimeout(5_000);
    receiver.setReceiveBufferSize(1 << 20);
  }

  @AfterEach
  void stop() {
    if (receiver != null) {
      receiver.close();
    }
    if (channel != null) {
      channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    if (group != null) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void run_ofEqualDatagramsAndAShortTail_arrivesAsEachOriginalDatagram() throws Exception {
    channel =
        new DatagramChannels(Transport.of(TransportKind.EPOLL).datagramChannel())
            .newChannel(InetAddress.getLoopbackAddress());
    channel.pipeline().addLast(new ChannelInboundHandlerAdapter());
    group.register(channel).sync();
    channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync();
    InetSocketAddress to = (InetSocketAddress) receiver.getLocalSocketAddress();
    int[] lengths = {1200, 1200, 1200, 1200, 1200, 1200, 1200, 300};

    channel
        .eventLoop()
        .submit(
            () -> {
              FlushBatch batch = new FlushBatch();
              SegmentRun run = new SegmentRun(new ChannelEndpoint(channel, metrics), batch);
              for (int i = 0; i < lengths.length; i++) {
                run.write(payload(i, lengths[i]), TransportAddress.of(to));
              }
              batch.flushAll();
            })
        .sync();

    for (int i = 0; i < lengths.length; i++) {
      byte[] in = new byte[2048];
      DatagramPacket packet = new DatagramPacket(in, in.length);
      receiver.receive(packet);
      byte[] expected = new byte[lengths[i]];
      payload(i, lengths[i]).readBytes(expected).release();
      assertThat(Arrays.copyOf(in, packet.getLength())).as("datagram %d", i).isEqualTo(expected);
    }
    assertThat(registry.get("turn.udp.gso.sends").counter().count()).isEqualTo(1);
    assertThat(registry.get("turn.udp.gso.datagrams").counter().count()).isEqualTo(lengths.length);
    assertThat(registry.get("turn.udp.gso.failures").counter().count()).isZero();
  }

  private ByteBuf payload(int index, int length) {
    ByteBuf out = channel.alloc().directBuffer(length);
    for (int j = 0; j < length; j++) {
      out.writeByte(index * 17 + j);
    }
    return out;
  }
}

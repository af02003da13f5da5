package dev.ferry.turn.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.turn.transport.NativeAvailability;
import dev.ferry.turn.transport.Transport;
import dev.ferry.turn.transport.TransportKind;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Pooled packets through a real epoll socket, written in one flush (one sendmmsg batch). */
class PooledDatagramPacketIT {
  private static final int PACKETS = 8;

  @Test
  void flush_batchOfPooledPackets_eachArrivesOnceWithItsBytes() throws Exception {
    assumeTrue(NativeAvailability.probe().epoll(), "epoll unavailable on this host");
    InetAddress loopback = InetAddress.getLoopbackAddress();
    MultiThreadIoEventLoopGroup group =
        Transport.of(TransportKind.EPOLL)
            .newEventLoopGroup(1, new DefaultThreadFactory("pooled-packet-it", true));
    try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
      receiver.setSoTimeout(5000);
      InetSocketAddress target = (InetSocketAddress) receiver.getLocalSocketAddress();
      Channel sender =
          new Bootstrap()
              .group(group)
              .channel(Transport.of(TransportKind.EPOLL).datagramChannel())
              .option(ChannelOption.ALLOCATOR, Transport.allocator())
              .handler(new ChannelInboundHandlerAdapter())
              .bind(new InetSocketAddress(loopback, 0))
              .sync()
              .channel();
      try {
        sender
            .eventLoop()
            .submit(
                () -> {
                  for (int i = 0; i < PACKETS; i++) {
                    ByteBuf content = sender.alloc().ioBuffer();
                    content.writeCharSequence("packet-" + i, StandardCharsets.US_ASCII);
                    sender.write(PooledDatagramPacket.of(content, target), sender.voidPromise());
                  }
                  sender.flush();
                })
            .get(5, TimeUnit.SECONDS);

        List<String> received = new ArrayList<>();
        byte[] buffer = new byte[64];
        for (int i = 0; i < PACKETS; i++) {
          java.net.DatagramPacket in = new java.net.DatagramPacket(buffer, buffer.length);
          receiver.receive(in);
          received.add(new String(buffer, 0, in.getLength(), StandardCharsets.US_ASCII));
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < PACKETS; i++) {
          expected.add("packet-" + i);
        }
        assertThat(received).containsExactlyElementsOf(expected);
      } finally {
        sender.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
      }
    } finally {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }
}

package dev.ferry.turn.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.attribute.XorMappedAddress;
import dev.ferry.turn.StunTestMessages;
import dev.ferry.turn.TurnClient;
import dev.ferry.turn.dispatch.BindingHandler;
import dev.ferry.turn.dispatch.ErrorResponses;
import dev.ferry.turn.dispatch.MessageDispatcher;
import dev.ferry.turn.dispatch.Outcome;
import dev.ferry.turn.dispatch.StunDispatcher;
import dev.ferry.turn.metrics.StunMetrics;
import dev.ferry.turn.metrics.TransportLabel;
import dev.ferry.turn.nativeudp.NativeUdpRequired;
import dev.ferry.turn.nativeudp.NativeUdpSocket;
import dev.ferry.turn.transport.BindingOnlyNativeListener;
import dev.ferry.turn.transport.NativeUdpListener;
import dev.ferry.turn.transport.TailExceptionHandler;
import dev.ferry.turn.transport.Transport;
import dev.ferry.turn.transport.TransportKind;
import dev.ferry.turn.transport.UdpListener;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A bug that throws inside the datagram handler must cost one datagram, not the listener: the
 * {@link TailExceptionHandler} keeps UDP listeners open, and the next Binding request is answered.
 * Real loopback sockets, since only a real {@code DatagramChannel} is treated as a listener.
 */
class ListenerSurvivesHandlerExceptionIT {
  /** A datagram this length makes the dispatcher below throw, as a bug would. */
  private static final int POISON_LENGTH = 13;

  private MultiThreadIoEventLoopGroup group;
  private Channel listener;
  private List<NativeUdpSocket> nativeSockets = List.of();
  private DatagramSocket client;
  private final AtomicInteger thrown = new AtomicInteger();

  /** Throws on poison datagrams, like a handler with a bug; answers everything else normally. */
  private final class Faulty implements MessageDispatcher {
    private final MessageDispatcher real;

    Faulty(MessageDispatcher real) {
      this.real = real;
    }

    @Override
    public Outcome dispatch(ByteBuf message, InetSocketAddress source, ByteBufAllocator alloc) {
      if (message.readableBytes() == POISON_LENGTH) {
        thrown.incrementAndGet();
        throw new IllegalStateException("a bug in a handler");
      }
      return real.dispatch(message, source, alloc);
    }
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (listener != null) {
      listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    nativeSockets.forEach(socket -> socket.closeAsync().awaitUninterruptibly(2, TimeUnit.SECONDS));
    if (group != null) {
      group
          .shutdownGracefully(0, 2_000, TimeUnit.MILLISECONDS)
          .awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void udpListener_handlerThrows_staysOpenAndKeepsAnsweringBinding() throws Exception {
    Transport nio = Transport.of(TransportKind.NIO);
    group = nio.newEventLoopGroup(1, new DefaultThreadFactory("survive-it", true));
    ErrorResponses errors = new ErrorResponses("Ferry test");
    UdpListener udp =
        new UdpListener(
            nio,
            new Faulty(new StunDispatcher(new BindingHandler(errors), errors)),
            StunMetrics.register(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
                .forTransport(TransportLabel.UDP),
            new TailExceptionHandler(),
            1500,
            1);
    listener = udp.bind(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).get(0);
    InetSocketAddress server = (InetSocketAddress) listener.localAddress();
    client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    client.setSoTimeout(5_000);

    for (int i = 0; i < 3; i++) {
      client.send(new DatagramPacket(new byte[POISON_LENGTH], POISON_LENGTH, server));
      StunMessage answer = binding(server);
      assertThat(answer.messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
      assertThat(answer.method()).isEqualTo(StunMethod.BINDING);
      assertThat(XorMappedAddress.read(answer)).isEqualTo(client.getLocalSocketAddress());
    }
    assertThat(thrown).hasValue(3);
    assertThat(listener.isOpen()).isTrue();
  }

  @Test
  void nativeUdpListener_handlerThrows_laterDatagramsOfTheSameReadBatchAreAnswered()
      throws Exception {
    NativeUdpRequired.check();
    Transport epoll = Transport.of(TransportKind.EPOLL);
    group = epoll.newEventLoopGroup(1, new DefaultThreadFactory("survive-it", true));
    NativeUdpListener udp = BindingOnlyNativeListener.create(Faulty::new);
    nativeSockets = udp.bind(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    InetSocketAddress server = nativeSockets.get(0).localAddress();
    client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    client.setSoTimeout(5_000);
    byte[] request = TurnClient.drain(StunTestMessages.bindingRequest());

    for (int i = 0; i < 3; i++) {
      // Hold the loop while both datagrams arrive (loopback queues them before send returns),
      // so that one recvmmsg reads the poison and the request together.
      CountDownLatch held = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      group
          .next()
          .execute(
              () -> {
                held.countDown();
                awaitQuietly(release);
              });
      assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
      client.send(new DatagramPacket(new byte[POISON_LENGTH], POISON_LENGTH, server));
      client.send(new DatagramPacket(request, request.length, server));
      release.countDown();

      StunMessage answer = receive();
      assertThat(answer.messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
      assertThat(XorMappedAddress.read(answer)).isEqualTo(client.getLocalSocketAddress());
    }
    assertThat(thrown).hasValue(3);
    assertThat(nativeSockets.get(0).isOpen()).isTrue();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private StunMessage receive() throws Exception {
    byte[] in = new byte[1500];
    DatagramPacket packet = new DatagramPacket(in, in.length);
    client.receive(packet);
    return TurnClient.wrap(Arrays.copyOf(in, packet.getLength()));
  }

  /** Sends a Binding request and returns the answer (the poison datagram before it gets none). */
  private StunMessage binding(InetSocketAddress server) throws Exception {
    byte[] request = TurnClient.drain(StunTestMessages.bindingRequest());
    client.send(new DatagramPacket(request, request.length, server));
    return receive();
  }
}

package dev.ferry.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.auth.AuthConfig;
import dev.ferry.auth.Realm;
import dev.ferry.auth.StaticUsers;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.StunWriter;
import dev.ferry.stun.attribute.ErrorCode;
import dev.ferry.stun.attribute.XorRelayedAddress;
import dev.ferry.turn.allocation.NanoClock;
import dev.ferry.turn.config.ServerConfig;
import dev.ferry.turn.config.TurnConfig;
import dev.ferry.turn.dispatch.BindingHandler;
import dev.ferry.turn.dispatch.ErrorResponses;
import dev.ferry.turn.dispatch.StunDispatcher;
import dev.ferry.turn.metrics.StunMetrics;
import dev.ferry.turn.metrics.TransportLabel;
import dev.ferry.turn.metrics.TurnMetrics;
import dev.ferry.turn.nativeudp.NativeUdpRequired;
import dev.ferry.turn.relay.ChannelEndpoint;
import dev.ferry.turn.relay.DatagramEndpoint;
import dev.ferry.turn.relay.NativeEndpoint;
import dev.ferry.turn.relay.NativeRelayChannelFactory;
import dev.ferry.turn.relay.NettyRelayChannelFactory;
import dev.ferry.turn.relay.PeerDatagrams;
import dev.ferry.turn.relay.RelayChannelFactory;
import dev.ferry.turn.transport.NativeAvailability;
import dev.ferry.turn.transport.TailExceptionHandler;
import dev.ferry.turn.transport.Transport;
import dev.ferry.turn.transport.TransportKind;
import dev.ferry.turn.transport.UdpListener;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * DONT-FRAGMENT on the native transports (RFC 8656 §14.1): an Allocate over a real UDP listener
 * opens a real relay socket (a Netty epoll or io_uring channel, or a libferryudp socket) whose
 * IP_MTU_DISCOVER is read back from the kernel.
 */
class RelayDontFragmentIT {
  /** The relay socket implementations that set DF. */
  enum RelaySockets {
    EPOLL_CHANNELS(TransportKind.EPOLL),
    IO_URING_CHANNELS(TransportKind.IO_URING),
    LIBFERRYUDP(TransportKind.EPOLL);

    final TransportKind kind;

    RelaySockets(TransportKind kind) {
      this.kind = kind;
    }
  }

  /** Reads a relay socket's IP_MTU_DISCOVER from the kernel. */
  private interface PmtuProbe {
    int read() throws IOException;
  }

  /** IPPROTO_IP, IP_MTU_DISCOVER (linux/in.h), spelled out here independently of the server. */
  private static final IntegerUnixChannelOption IP_MTU_DISCOVER =
      new IntegerUnixChannelOption("IP_MTU_DISCOVER", 0, 10);

  private static final int IP_PMTUDISC_DONT = 0;
  private static final int IP_PMTUDISC_DO = 2;

  /** Records every relay channel the real factory opens, by port. */
  private static final class Recording implements RelayChannelFactory {
    final RelayChannelFactory real;
    final Map<Integer, PmtuProbe> byPort = new ConcurrentHashMap<>();

    Recording(RelayChannelFactory real) {
      this.real = real;
    }

    @Override
    public Optional<DatagramEndpoint> open(
        EventLoop loop,
        InetSocketAddress local,
        boolean dontFragment,
        PeerDatagrams peers,
        TurnMetrics metrics) {
      Optional<DatagramEndpoint> endpoint = real.open(loop, local, dontFragment, peers, metrics);
      endpoint.ifPresent(e -> byPort.put(local.getPort(), probe(e)));
      return endpoint;
    }

    @Override
    public boolean supportsDontFragment() {
      return real.supportsDontFragment();
    }

    @Override
    public void close() {
      real.close();
    }

    private static PmtuProbe probe(DatagramEndpoint endpoint) {
      if (endpoint instanceof NativeEndpoint n) {
        return () -> n.socket().pathMtuDiscovery();
      }
      Channel channel = ((ChannelEndpoint) endpoint).channel();
      return () -> channel.config().getOption(IP_MTU_DISCOVER);
    }
  }

  private MultiThreadIoEventLoopGroup group;
  private TurnStack stack;
  private DatagramSocket client;
  private Recording relays;
  private InetSocketAddress server;
  private Channel listener;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (stack != null) {
      stack.close();
    }
    if (relays != null) {
      relays.close();
    }
    if (listener != null) {
      listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    if (group != null) {
      group
          .shutdownGracefully(100, 2_000, TimeUnit.MILLISECONDS)
          .awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }

  private void start(RelaySockets sockets) throws Exception {
    TransportKind kind = sockets.kind;
    NativeAvailability available = NativeAvailability.probe();
    assumeTrue(
        kind == TransportKind.EPOLL ? available.epoll() : available.ioUring(),
        () -> kind.label() + " unavailable on this host");
    if (sockets == RelaySockets.LIBFERRYUDP) {
      NativeUdpRequired.check();
    }
    Realm realm = new Realm("ferry.it");
    int base = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
    TurnConfig turn =
        TurnConfig.defaults()
            .withAuth(
                AuthConfig.defaults(realm)
                    .withStaticUsers(StaticUsers.parse(realm, List.of("alice:alice-pass"))))
            .withPortRange(base, base + 20);
    ServerConfig config =
        ServerConfig.defaults()
            .withListeningIps(List.of(InetAddress.getLoopbackAddress()))
            .withPort(0)
            .withIoThreads(1)
            .withTurn(turn);
    Transport netty = Transport.of(kind);
    group = netty.newEventLoopGroup(1, new DefaultThreadFactory("df-it", true));
    relays =
        new Recording(
            sockets == RelaySockets.LIBFERRYUDP
                ? new NativeRelayChannelFactory(
                    config.udpMaxDatagramSize(), 1, PooledByteBufAllocator.DEFAULT)
                : new NettyRelayChannelFactory(
                    netty.datagramChannel(), config.udpMaxDatagramSize()));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    stack = TurnStack.build(config, registry, NanoClock.SYSTEM, relays);
    ErrorResponses errors = new ErrorResponses("Ferry test");
    UdpListener udp =
        new UdpListener(
            netty,
            new StunDispatcher(new BindingHandler(errors), errors, stack.services()),
            StunMetrics.register(registry).forTransport(TransportLabel.UDP),
            new TailExceptionHandler(),
            config.udpMaxDatagramSize(),
            1,
            stack.services().loops());
    listener = udp.bind(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).get(0);
    server = (InetSocketAddress) listener.localAddress();
    client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    client.setSoTimeout(5_000);
  }

  private byte[] call(TurnClient turn, Consumer<StunWriter> attributes) throws IOException {
    byte[] out = TurnClient.drain(turn.request(StunMethod.ALLOCATE, attributes));
    client.send(new DatagramPacket(out, out.length, server));
    byte[] in = new byte[2048];
    DatagramPacket packet = new DatagramPacket(in, in.length);
    client.receive(packet);
    return Arrays.copyOf(in, packet.getLength());
  }

  /** Allocates (after the 401) and returns a probe of the relay socket the server opened. */
  private PmtuProbe allocate(Consumer<StunWriter> attributes) throws IOException {
    TurnClient alice = new TurnClient("alice", "alice-pass");
    byte[] challenge = call(alice, w -> w.requestedTransport(17));
    assertThat(ErrorCode.code(TurnClient.wrap(challenge))).isEqualTo(401);
    assertThat(alice.learn(challenge)).isTrue();
    StunMessage m = TurnClient.wrap(call(alice, attributes));
    assertThat(ErrorCode.code(m)).as("allocate error").isNegative();
    PmtuProbe relay = relays.byPort.get(XorRelayedAddress.read(m).getPort());
    assertThat(relay).isNotNull();
    return relay;
  }

  @ParameterizedTest
  @EnumSource(RelaySockets.class)
  void allocate_dontFragment_relaySocketHasPmtuDiscDo(RelaySockets sockets) throws Exception {
    start(sockets);
    PmtuProbe relay = allocate(w -> w.requestedTransport(17).dontFragment());
    assertThat(relay.read()).isEqualTo(IP_PMTUDISC_DO);
  }

  @ParameterizedTest
  @EnumSource(RelaySockets.class)
  void allocate_withoutDontFragment_relaySocketHasPmtuDiscDont(RelaySockets sockets)
      throws Exception {
    start(sockets);
    PmtuProbe relay = allocate(w -> w.requestedTransport(17));
    assertThat(relay.read()).isEqualTo(IP_PMTUDISC_DONT);
  }
}

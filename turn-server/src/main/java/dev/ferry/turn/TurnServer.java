package dev.ferry.turn;

import dev.ferry.turn.admin.AdminHttpServer;
import dev.ferry.turn.allocation.NanoClock;
import dev.ferry.turn.config.ListenAddresses;
import dev.ferry.turn.config.ServerConfig;
import dev.ferry.turn.config.UdpIo;
import dev.ferry.turn.dispatch.BindingHandler;
import dev.ferry.turn.dispatch.ErrorResponses;
import dev.ferry.turn.dispatch.MessageDispatcher;
import dev.ferry.turn.dispatch.StunDispatcher;
import dev.ferry.turn.metrics.LoopMetrics;
import dev.ferry.turn.metrics.StunMetrics;
import dev.ferry.turn.metrics.TransportLabel;
import dev.ferry.turn.nativeudp.NativeUdp;
import dev.ferry.turn.nativeudp.NativeUdpSocket;
import dev.ferry.turn.nativeudp.PauseTally;
import dev.ferry.turn.relay.NativeRelayChannelFactory;
import dev.ferry.turn.relay.NettyRelayChannelFactory;
import dev.ferry.turn.relay.RelayChannelFactory;
import dev.ferry.turn.transport.EventLoopThreadFactory;
import dev.ferry.turn.transport.NativeAvailability;
import dev.ferry.turn.transport.NativeUdpListener;
import dev.ferry.turn.transport.TailExceptionHandler;
import dev.ferry.turn.transport.TcpListener;
import dev.ferry.turn.transport.Transport;
import dev.ferry.turn.transport.TransportChoice;
import dev.ferry.turn.transport.TransportKind;
import dev.ferry.turn.transport.TransportSelector;
import dev.ferry.turn.transport.UdpListener;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server facade: starts the listeners for a {@link ServerConfig} and stops them again. */
public final class TurnServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TurnServer.class);

  private final TransportChoice transport;
  private final MultiThreadIoEventLoopGroup group;
  private final PrometheusMeterRegistry registry;
  private final List<Channel> udpChannels = new ArrayList<>();
  private final List<NativeUdpSocket> nativeUdpSockets = new ArrayList<>();
  private final List<Channel> tcpChannels = new ArrayList<>();
  private final List<InetSocketAddress> udpAddresses = new ArrayList<>();
  private final List<InetSocketAddress> tcpAddresses = new ArrayList<>();
  private TurnStack turn;
  private RelayChannelFactory relays;
  private AdminHttpServer admin;
  private boolean stopped;

  /** True from the moment every socket is bound until stop begins; read by {@code /readyz}. */
  private volatile boolean ready;

  private TurnServer(
      TransportChoice transport,
      MultiThreadIoEventLoopGroup group,
      PrometheusMeterRegistry registry) {
    this.transport = transport;
    this.group = group;
    this.registry = registry;
  }

  /** Starts with the best transport available and a new Prometheus registry. */
  public static TurnServer start(ServerConfig config) {
    return start(
        config, NativeAvailability.probe(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /**
   * Starts the listeners; returns once every socket is bound.
   *
   * @throws ServerStartException when the transport is unavailable or an address cannot be bound
   *     (everything already bound is closed again)
   */
  public static TurnServer start(
      ServerConfig config, NativeAvailability available, PrometheusMeterRegistry registry) {
    TransportChoice choice =
        TransportSelector.select(config.transport(), available)
            .orElseThrow(
                () ->
                    new ServerStartException(
                        TransportSelector.unavailableMessage(config.transport(), available), null));
    LOG.info("Transport: {} ({})", choice.kind().label(), choice.reason());
    Transport netty = Transport.of(choice.kind());
    boolean nativeUdp = useNativeUdp(config.udpIo(), choice.kind());
    PauseTally pauses = new PauseTally();
    LoopMetrics.register(registry, pauses);
    MultiThreadIoEventLoopGroup group =
        netty.newEventLoopGroup(
            config.ioThreads(),
            new EventLoopThreadFactory("ferry-io", config.ioSliceMicros()),
            nativeUdp ? config.ioCoalesceMicros() : 0,
            pauses);
    TurnServer server = new TurnServer(choice, group, registry);
    try {
      server.bindAll(config, netty, nativeUdp);
      server.startAdmin(config.adminAddress());
      server.ready = true;
    } catch (RuntimeException e) {
      server.stop();
      throw e;
    }
    return server;
  }

  /**
   * Whether UDP runs on libferryudp: {@code auto} takes it with epoll when it loads; {@code native}
   * insists and fails the start naming the key when it cannot.
   */
  private static boolean useNativeUdp(UdpIo io, TransportKind kind) {
    boolean available = kind == TransportKind.EPOLL && NativeUdp.isAvailable();
    if (io == UdpIo.NATIVE && !available) {
      String why =
          kind != TransportKind.EPOLL
              ? "it needs the epoll transport, not " + kind.label()
              : "libferryudp cannot be loaded: " + NativeUdp.unavailabilityCause();
      throw new ServerStartException(
          "udp-io native is unavailable (" + why + "); set udp-io to auto or netty", null);
    }
    boolean chosen = io != UdpIo.NETTY && available;
    LOG.info(
        "UDP I/O: {} (udp-io {})",
        chosen ? "native (libferryudp, recvmmsg/sendmmsg)" : "netty datagram channels",
        io.label());
    return chosen;
  }

  private void bindAll(ServerConfig config, Transport netty, boolean nativeUdp) {
    StunMetrics metrics = StunMetrics.register(registry);
    ErrorResponses errors = new ErrorResponses(FerryVersion.software());
    relays =
        nativeUdp
            ? new NativeRelayChannelFactory(
                config.udpMaxDatagramSize(), config.udpReadBatch(), Transport.allocator())
            : new NettyRelayChannelFactory(
                netty.datagramChannel(),
                config.udpMaxDatagramSize(),
                netty.relayBatchOption(),
                config.udpReadBatch(),
                Transport.allocator());
    turn = TurnStack.build(config, registry, NanoClock.SYSTEM, relays);
    MessageDispatcher dispatcher =
        new StunDispatcher(new BindingHandler(errors), errors, turn.services());
    TailExceptionHandler tail = new TailExceptionHandler();
    UdpListener udp =
        new UdpListener(
            netty,
            dispatcher,
            metrics.forTransport(TransportLabel.UDP),
            tail,
            config.udpMaxDatagramSize(),
            config.udpReadBatch(),
            turn.services().loops());
    NativeUdpListener nativeListener =
        nativeUdp
            ? new NativeUdpListener(
                dispatcher,
                metrics.forTransport(TransportLabel.UDP),
                config.udpMaxDatagramSize(),
                config.udpReadBatch(),
                turn.services().loops(),
                Transport.allocator())
            : null;
    TcpListener tcp =
        new TcpListener(
            netty,
            dispatcher,
            metrics.forTransport(TransportLabel.TCP),
            tail,
            turn.services().loops());
    for (InetAddress ip : ListenAddresses.resolve(config.listeningIps())) {
      boolean defaultWildcard = config.listeningIps().isEmpty();
      InetAddress bound = ip;
      if (config.udp()) {
        bound =
            bindWithFallback(
                "udp", ip, defaultWildcard, a -> bindUdp(udp, nativeListener, a, config.port()));
      }
      if (config.tcp()) {
        bindWithFallback("tcp", bound, defaultWildcard, a -> bindTcp(tcp, a, config.port()));
      }
    }
  }

  private void startAdmin(InetSocketAddress address) {
    if (address == null) {
      LOG.info("Metrics and health endpoints off (no-admin)");
      return;
    }
    try {
      admin = AdminHttpServer.start(address, registry, () -> ready);
    } catch (IOException | RuntimeException e) {
      throw new ServerStartException(
          "cannot serve metrics and health on "
              + format(address)
              + " (admin-listen; turnd.yaml admin.listen; --no-admin turns it off): "
              + e.getMessage(),
          e);
    }
    String base = "http://" + format(admin.address());
    LOG.info("Metrics on {}/metrics (health: {}/healthz, {}/readyz)", base, base, base);
  }

  /** Binds; the default "all interfaces" falls back to 0.0.0.0 on hosts without IPv6. */
  private InetAddress bindWithFallback(
      String protocol, InetAddress ip, boolean defaultWildcard, Binder binder) {
    try {
      binder.bind(ip);
      return ip;
    } catch (Exception e) {
      if (defaultWildcard && ip instanceof Inet6Address) {
        LOG.warn(
            "Cannot bind {} on [::] ({}); IPv6 unavailable, listening on 0.0.0.0 instead",
            protocol,
            e.toString());
        InetAddress v4 = ListenAddresses.anyV4();
        try {
          binder.bind(v4);
          return v4;
        } catch (Exception again) {
          throw bindFailure(protocol, v4, again);
        }
      }
      throw bindFailure(protocol, ip, e);
    }
  }

  private ServerStartException bindFailure(String protocol, InetAddress ip, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new ServerStartException(
        "cannot listen on " + protocol + " " + ip.getHostAddress() + ": " + e.getMessage(), e);
  }

  private void bindUdp(UdpListener udp, NativeUdpListener nativeListener, InetAddress ip, int port)
      throws InterruptedException, IOException {
    InetSocketAddress local;
    int count;
    if (nativeListener != null) {
      List<NativeUdpSocket> sockets = nativeListener.bind(group, new InetSocketAddress(ip, port));
      nativeUdpSockets.addAll(sockets);
      local = sockets.get(0).localAddress();
      count = sockets.size();
    } else {
      List<Channel> channels = udp.bind(group, new InetSocketAddress(ip, port));
      udpChannels.addAll(channels);
      local = (InetSocketAddress) channels.get(0).localAddress();
      count = channels.size();
    }
    udpAddresses.add(local);
    LOG.info(
        "Listening on udp {} ({} socket{}{})",
        format(local),
        count,
        count == 1 ? "" : "s",
        count > 1 ? ", SO_REUSEPORT" : "");
  }

  private void bindTcp(TcpListener tcp, InetAddress ip, int port) throws InterruptedException {
    Channel channel = tcp.bind(group, new InetSocketAddress(ip, port));
    tcpChannels.add(channel);
    InetSocketAddress local = (InetSocketAddress) channel.localAddress();
    tcpAddresses.add(local);
    LOG.info("Listening on tcp {}", format(local));
  }

  /** {@code ip:port}, IPv6 in brackets. */
  public static String format(InetSocketAddress address) {
    String host = NetUtil.toAddressString(address.getAddress());
    return (address.getAddress() instanceof Inet6Address ? "[" + host + "]" : host)
        + ":"
        + address.getPort();
  }

  /** The transport in use. */
  public TransportKind transport() {
    return transport.kind();
  }

  /** The bound UDP addresses, one per listening IP. */
  public List<InetSocketAddress> udpAddresses() {
    return List.copyOf(udpAddresses);
  }

  /** The bound TCP addresses, one per listening IP. */
  public List<InetSocketAddress> tcpAddresses() {
    return List.copyOf(tcpAddresses);
  }

  /** Where {@code /metrics}, {@code /healthz} and {@code /readyz} are served; empty if off. */
  public Optional<InetSocketAddress> adminAddress() {
    return Optional.ofNullable(admin).map(AdminHttpServer::address);
  }

  /** Whether every listener is bound and stop has not begun ({@code /readyz}). */
  public boolean isReady() {
    return ready;
  }

  /** The event loops; tests hold one busy to queue datagrams for a single round. */
  MultiThreadIoEventLoopGroup eventLoops() {
    return group;
  }

  /** The registry holding every meter of this server. */
  public PrometheusMeterRegistry meterRegistry() {
    return registry;
  }

  /**
   * Closes the listeners and shuts the event loops down (short quiet period); idempotent. Blocks
   * for at most a few seconds.
   */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    ready = false;
    if (turn != null) {
      // Relay sockets first, on their own loops, so every release is logged and ports go back.
      turn.close();
    }
    List<Channel> all = new ArrayList<>(udpChannels);
    all.addAll(tcpChannels);
    for (Channel channel : all) {
      channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    for (NativeUdpSocket socket : nativeUdpSockets) {
      socket.closeAsync().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    group
        .shutdownGracefully(100, 2_000, TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(5, TimeUnit.SECONDS);
    if (relays != null) {
      relays.close();
    }
    if (admin != null) {
      // Last, so that /readyz answers 503 while the listeners close.
      admin.close();
    }
  }

  @Override
  public void close() {
    stop();
  }

  @FunctionalInterface
  private interface Binder {
    void bind(InetAddress ip) throws Exception;
  }
}

package dev.ferry.turn.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.auth.AuthConfig;
import dev.ferry.auth.CachingCredentialStore;
import dev.ferry.auth.CredentialSource;
import dev.ferry.auth.NonceService;
import dev.ferry.auth.Realm;
import dev.ferry.auth.RequestAuthenticator;
import dev.ferry.auth.StaticUsers;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.attribute.ErrorCode;
import dev.ferry.stun.attribute.RequestedTransport;
import dev.ferry.stun.attribute.XorRelayedAddress;
import dev.ferry.turn.TurnClient;
import dev.ferry.turn.TurnStack;
import dev.ferry.turn.allocation.AllocationLimits;
import dev.ferry.turn.allocation.AllocationQuotas;
import dev.ferry.turn.allocation.NanoClock;
import dev.ferry.turn.config.PeerPolicySettings;
import dev.ferry.turn.config.ServerConfig;
import dev.ferry.turn.metrics.StunMetrics;
import dev.ferry.turn.metrics.TransportLabel;
import dev.ferry.turn.metrics.TurnMetrics;
import dev.ferry.turn.relay.ChannelEndpoint;
import dev.ferry.turn.relay.DatagramEndpoint;
import dev.ferry.turn.relay.PeerDatagramHandler;
import dev.ferry.turn.relay.PeerDatagrams;
import dev.ferry.turn.relay.RelayAddresses;
import dev.ferry.turn.relay.RelayChannelFactory;
import dev.ferry.turn.relay.RelayPortPool;
import dev.ferry.turn.relay.ReservationTokens;
import dev.ferry.turn.relay.TurnLoops;
import dev.ferry.turn.transport.StunDatagramHandler;
import dev.ferry.turn.transport.TailExceptionHandler;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;

/**
 * A UDP listener pipeline with TURN on an {@link EmbeddedChannel}: credentials resolve
 * synchronously, time is a field, and relay sockets are embedded channels a test can feed peer
 * datagrams into and read relayed ones from.
 */
final class TurnHarness implements AutoCloseable {
  static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 3478);
  static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.1", 40000);
  static final InetSocketAddress CLIENT2 = new InetSocketAddress("192.0.2.2", 40001);
  static final InetSocketAddress PEER = new InetSocketAddress("93.184.216.34", 5000);
  static final InetSocketAddress PEER2 = new InetSocketAddress("93.184.216.35", 6000);
  static final String REALM = "ferry.test";
  static final int MIN_PORT = 50000;

  /**
   * Opens embedded relay channels; ports listed in {@link #failing} refuse to bind. Records whether
   * each port was opened with DF (as NIO, DF is unsupported unless {@link #dontFragment} is set).
   */
  static final class FakeRelays implements RelayChannelFactory {
    final Map<Integer, EmbeddedChannel> byPort = new TreeMap<>();
    final Map<Integer, Boolean> dfByPort = new TreeMap<>();
    final Set<Integer> failing = new HashSet<>();
    boolean dontFragment;

    @Override
    public Optional<DatagramEndpoint> open(
        EventLoop loop,
        InetSocketAddress local,
        boolean df,
        PeerDatagrams peers,
        TurnMetrics metrics) {
      if (failing.contains(local.getPort())) {
        return Optional.empty();
      }
      EmbeddedChannel channel =
          new EmbeddedChannel(
              new PeerDatagramHandler(peers, ServerConfig.defaults().udpMaxDatagramSize()));
      byPort.put(local.getPort(), channel);
      dfByPort.put(local.getPort(), df);
      return Optional.of(new ChannelEndpoint(channel, metrics));
    }

    @Override
    public boolean supportsDontFragment() {
      return dontFragment;
    }
  }

  long now = 1_000_000_000L;
  final NanoClock clock = () -> now;
  final FakeRelays relays = new FakeRelays();
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final RelayPortPool ports;
  final TurnServices services;
  final EmbeddedChannel channel;

  TurnHarness() {
    this(AllocationLimits.DEFAULTS, 10, 100);
  }

  /** The server's own wiring: static users, looked up inline on the loop. */
  TurnHarness(AllocationLimits limits, int portCount, int unauthenticatedBurst) {
    this(
        limits,
        portCount,
        unauthenticatedBurst,
        RequestAuthenticator.fromConfig(users(), Runnable::run, Clock.systemUTC()));
  }

  /**
   * The users behind a source that may block, like a database.
   *
   * @param lookups runs the credential lookups; anything but {@code Runnable::run} defers the
   *     answers to authenticated requests until the test runs the lookup and {@link
   *     #runPendingTasks}
   */
  TurnHarness(AllocationLimits limits, int portCount, int unauthenticatedBurst, Executor lookups) {
    this(limits, portCount, unauthenticatedBurst, blockingAuthenticator(users(), lookups));
  }

  /** alice and bob, static users of {@link #REALM}. */
  static AuthConfig users() {
    Realm realm = new Realm(REALM);
    return AuthConfig.defaults(realm)
        .withStaticUsers(StaticUsers.parse(realm, List.of("alice:alice-pass", "bob:bob-pass")));
  }

  /** Static users that claim they may block, so the store looks them up on {@code lookups}. */
  private static RequestAuthenticator blockingAuthenticator(AuthConfig auth, Executor lookups) {
    StaticUsers users = auth.staticUsers();
    CredentialSource mayBlock = users::keys;
    return new RequestAuthenticator(
        auth.realm(),
        new CachingCredentialStore(mayBlock, lookups, auth.keyCache()),
        new NonceService(auth.securityFeatures(), auth.nonceLifetime(), Clock.systemUTC()),
        auth.passwordAlgorithms(),
        auth.usernameAnonymity());
  }

  TurnHarness(
      AllocationLimits limits,
      int portCount,
      int unauthenticatedBurst,
      RequestAuthenticator authenticator) {
    ports =
        new RelayPortPool(
            MIN_PORT,
            MIN_PORT + portCount - 1,
            new Random(1),
            clock::nanoTime,
            Duration.ofSeconds(60));
    ReservationTokens tokens =
        new ReservationTokens(ports, new Random(2), clock::nanoTime, Duration.ofSeconds(30));
    TurnMetrics metrics =
        TurnMetrics.register(
            registry, ports::inUse, TurnStack.peerDeniedLabels(), TurnStack.authFailureLabels());
    TurnLoops loops =
        new TurnLoops(
            limits, AllocationQuotas.of(limits), tokens, metrics, clock, 1, unauthenticatedBurst);
    services =
        new TurnServices(
            authenticator,
            TurnStack.policy(PeerPolicySettings.DEFAULTS, List.of(SERVER.getAddress())),
            ports,
            tokens,
            new RelayAddresses(List.of(), List.of(), Map.of()),
            relays,
            limits,
            loops,
            metrics,
            clock,
            new TurnResponses("Ferry test"));
    ErrorResponses errors = new ErrorResponses("Ferry test");
    channel =
        new EmbeddedChannel(
            new StunDatagramHandler(
                new StunDispatcher(new BindingHandler(errors), errors, services),
                StunMetrics.register(registry).forTransport(TransportLabel.UDP),
                loops,
                ServerConfig.defaults().udpMaxDatagramSize()),
            new TailExceptionHandler());
  }

  /** Runs the tasks queued on the listener's loop (deferred answers). */
  void runPendingTasks() {
    channel.runPendingTasks();
  }

  void advanceSeconds(long seconds) {
    now += seconds * 1_000_000_000L;
  }

  /** Delivers a datagram from {@code from}. */
  void receive(ByteBuf datagram, InetSocketAddress from) {
    channel.writeInbound(new DatagramPacket(datagram, SERVER, from));
  }

  /** Delivers a request and returns the single answer, checking it goes back to the sender. */
  byte[] exchange(ByteBuf request, InetSocketAddress from) {
    receive(request, from);
    byte[] answer = nextTo(from);
    assertThat(answer).as("an answer").isNotNull();
    return answer;
  }

  /** The next datagram the listener sent, or null; asserts its destination. */
  byte[] nextTo(InetSocketAddress to) {
    DatagramPacket sent = channel.readOutbound();
    if (sent == null) {
      return null;
    }
    assertThat(sent.recipient()).isEqualTo(to);
    return release(sent);
  }

  private static byte[] release(DatagramPacket sent) {
    try {
      return io.netty.buffer.ByteBufUtil.getBytes(sent.content());
    } finally {
      sent.release();
    }
  }

  /** A client for alice that has learned a nonce from a 401. */
  TurnClient alice(InetSocketAddress from) {
    return authenticated(new TurnClient("alice", "alice-pass"), from);
  }

  TurnClient authenticated(TurnClient client, InetSocketAddress from) {
    byte[] challenge =
        exchange(client.request(StunMethod.ALLOCATE, w -> w.requestedTransport(17)), from);
    assertThat(ErrorCode.code(TurnClient.wrap(challenge))).isEqualTo(401);
    assertThat(client.learn(challenge)).isTrue();
    return client;
  }

  /** Allocates for {@code client}; returns the relayed address. */
  InetSocketAddress allocate(TurnClient client, InetSocketAddress from) {
    byte[] answer =
        exchange(
            client.request(StunMethod.ALLOCATE, w -> w.requestedTransport(RequestedTransport.UDP)),
            from);
    StunMessage m = TurnClient.wrap(answer);
    assertThat(ErrorCode.code(m)).as("allocate error").isLessThan(0);
    return XorRelayedAddress.read(m);
  }

  /** The relay channel bound to {@code relayed}'s port. */
  EmbeddedChannel relay(InetSocketAddress relayed) {
    return relays.byPort.get(relayed.getPort());
  }

  /** A datagram from {@code peer} arriving on the relay socket at {@code relayed}. */
  void fromPeer(InetSocketAddress relayed, InetSocketAddress peer, byte[] payload) {
    relay(relayed).writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(payload), relayed, peer));
  }

  /** The next datagram the relay at {@code relayed} sent to a peer, or null. */
  DatagramPacket toPeer(InetSocketAddress relayed) {
    return relay(relayed).readOutbound();
  }

  double counter(String name, String tag, String value) {
    var counter = registry.find(name).tag(tag, value).counter();
    return counter == null ? Double.NaN : counter.count();
  }

  static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    services.loops().forLoop(channel.eventLoop()).close();
    for (EmbeddedChannel relay : relays.byPort.values()) {
      relay.finishAndReleaseAll();
    }
    assertThat(channel.finish()).as("nothing left unread").isFalse();
  }
}

package dev.ferry.turn;

import dev.ferry.auth.AuthResult;
import dev.ferry.auth.RequestAuthenticator;
import dev.ferry.turn.allocation.AllocationLimits;
import dev.ferry.turn.allocation.AllocationQuotas;
import dev.ferry.turn.allocation.NanoClock;
import dev.ferry.turn.config.PeerPolicySettings;
import dev.ferry.turn.config.ServerConfig;
import dev.ferry.turn.config.TurnConfig;
import dev.ferry.turn.dispatch.TurnResponses;
import dev.ferry.turn.dispatch.TurnServices;
import dev.ferry.turn.metrics.TurnMetrics;
import dev.ferry.turn.policy.PeerAddressPolicy;
import dev.ferry.turn.policy.PeerDecision;
import dev.ferry.turn.relay.PeerDatagrams;
import dev.ferry.turn.relay.RelayAddresses;
import dev.ferry.turn.relay.RelayChannelFactory;
import dev.ferry.turn.relay.RelayPortPool;
import dev.ferry.turn.relay.ReservationTokens;
import dev.ferry.turn.relay.TurnLoops;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Builds the TURN half of a server from its configuration: authenticator (credential lookups on a
 * small dedicated pool, never an event loop), peer policy including the server's own addresses,
 * relay port pool, reservations, quotas, meters and the per-loop state factory.
 */
public final class TurnStack implements AutoCloseable {
  /** Threads that run credential lookups. */
  private static final int LOOKUP_THREADS = 2;

  private final TurnServices services;
  private final ExecutorService lookups;

  private TurnStack(TurnServices services, ExecutorService lookups) {
    this.services = services;
    this.lookups = lookups;
  }

  /**
   * Builds everything for {@code config}.
   *
   * @param relays opens relay sockets on the server's transport
   */
  public static TurnStack build(
      ServerConfig config, MeterRegistry registry, NanoClock clock, RelayChannelFactory relays) {
    TurnConfig turn = config.turn();
    ExecutorService lookups =
        Executors.newFixedThreadPool(LOOKUP_THREADS, new DefaultThreadFactory("ferry-auth", true));
    RequestAuthenticator authenticator =
        RequestAuthenticator.fromConfig(turn.auth(), lookups, Clock.systemUTC());
    List<InetAddress> host = hostAddresses();
    PeerAddressPolicy policy = policy(turn.peers(), ownAddresses(config, host));
    RelayPortPool ports =
        new RelayPortPool(
            turn.minPort(),
            turn.maxPort(),
            new SecureRandom(),
            clock::nanoTime,
            RelayPortPool.DEFAULT_QUARANTINE);
    ReservationTokens tokens =
        new ReservationTokens(
            ports, new SecureRandom(), clock::nanoTime, ReservationTokens.DEFAULT_LIFETIME);
    AllocationLimits limits = turn.limits().withLifetimes(turn.lifetimes());
    TurnMetrics metrics =
        TurnMetrics.register(registry, ports::inUse, peerDeniedLabels(), authFailureLabels());
    TurnLoops loops =
        new TurnLoops(
            limits,
            AllocationQuotas.of(limits),
            tokens,
            metrics,
            clock,
            turn.unauthenticatedRatePerSecond(),
            turn.unauthenticatedBurst());
    TurnServices services =
        new TurnServices(
            authenticator,
            policy,
            ports,
            tokens,
            new RelayAddresses(turn.relayIps(), host, turn.externalIps()),
            relays,
            limits,
            loops,
            metrics,
            clock,
            new TurnResponses(FerryVersion.software()));
    return new TurnStack(services, lookups);
  }

  /** The shared collaborators of the TURN handlers. */
  public TurnServices services() {
    return services;
  }

  /** The peer policy for {@code settings} plus the server's own addresses (DESIGN §6). */
  public static PeerAddressPolicy policy(PeerPolicySettings settings, List<InetAddress> own) {
    return PeerAddressPolicy.builder()
        .allowed(settings.allowed())
        .denied(settings.denied())
        .allowLoopbackPeers(settings.allowLoopbackPeers())
        .noMulticastPeers(settings.noMulticastPeers())
        .serverAddresses(own)
        .build();
  }

  /** Every {@code reason} label of {@code turn_peer_denied_total}. */
  public static List<String> peerDeniedLabels() {
    List<String> labels = new ArrayList<>();
    for (PeerDecision.Reason r : PeerDecision.Reason.values()) {
      if (!r.allows()) {
        labels.add(r.name().toLowerCase(Locale.ROOT));
      }
    }
    labels.add(PeerDatagrams.NO_PERMISSION);
    return labels;
  }

  /** Every {@code reason} label of {@code turn_auth_failures_total}. */
  public static List<String> authFailureLabels() {
    List<String> labels = new ArrayList<>();
    for (AuthResult.Reason r : AuthResult.Reason.values()) {
      labels.add(r.name().toLowerCase(Locale.ROOT));
    }
    labels.add("wrong_credentials");
    labels.add("server_error");
    return labels;
  }

  /** Listening, admin and relay IPs; a wildcard listener stands for every interface address. */
  private static List<InetAddress> ownAddresses(ServerConfig config, List<InetAddress> host) {
    Set<InetAddress> own = new LinkedHashSet<>(config.turn().relayIps());
    boolean wildcard = config.listeningIps().isEmpty();
    List<InetAddress> listening = new ArrayList<>(config.listeningIps());
    if (config.adminAddress() != null) {
      listening.add(config.adminAddress().getAddress());
    }
    for (InetAddress ip : listening) {
      if (ip.isAnyLocalAddress()) {
        wildcard = true;
      } else {
        own.add(ip);
      }
    }
    if (wildcard) {
      own.addAll(host);
    }
    return List.copyOf(own);
  }

  /** The host's interface addresses (without IPv6 scope ids), for wildcard listeners. */
  static List<InetAddress> hostAddresses() {
    List<InetAddress> out = new ArrayList<>();
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nif.isUp()) {
          continue;
        }
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
          out.add(InetAddress.getByAddress(a.getAddress()));
        }
      }
    } catch (SocketException | java.net.UnknownHostException e) {
      // No interface list: wildcard listeners then need relay IPs to allocate.
    }
    return out;
  }

  /** Releases every allocation and stops the lookup pool. */
  @Override
  public void close() {
    services.loops().closeAll();
    lookups.shutdown();
    try {
      lookups.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.ferry.turn.config;

import dev.ferry.auth.AuthConfig;
import dev.ferry.auth.Realm;
import dev.ferry.turn.allocation.AllocationLimits;
import dev.ferry.turn.allocation.LifetimePolicy;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The TURN half of the configuration (RFC 8656): who may allocate, for how long, from which relay
 * addresses and ports, and to which peers.
 *
 * @param auth realm, static users, REST secrets and nonce settings
 * @param lifetimes allocation, permission and channel lifetimes
 * @param limits quotas and per-allocation caps
 * @param peers the peer-address policy lists and switches (built into a policy at start, when the
 *     server's own addresses are known)
 * @param minPort lowest relay port (inclusive)
 * @param maxPort highest relay port (inclusive)
 * @param relayIps addresses relay sockets bind to; empty: the listening addresses, or the wildcard
 * @param externalIps address advertised in XOR-RELAYED-ADDRESS in place of a relay address, for a
 *     server behind 1:1 NAT (key: the relay address, or the wildcard of its family for "all")
 * @param unauthenticatedRatePerSecond responses per second one source may get before it
 *     authenticates (the amplification guard)
 * @param unauthenticatedBurst burst allowed above that rate
 */
public record TurnConfig(
    AuthConfig auth,
    LifetimePolicy lifetimes,
    AllocationLimits limits,
    PeerPolicySettings peers,
    int minPort,
    int maxPort,
    List<InetAddress> relayIps,
    Map<InetAddress, InetAddress> externalIps,
    double unauthenticatedRatePerSecond,
    int unauthenticatedBurst) {

  /** coturn's and RFC 8656's recommended relay port range. */
  public static final int DEFAULT_MIN_PORT = 49152;

  /** Upper end of the default relay port range. */
  public static final int DEFAULT_MAX_PORT = 65535;

  /** Default rate of responses to unauthenticated requests per source IP. */
  public static final double UNAUTHENTICATED_RATE_PER_SECOND = 500;

  /** Default burst of responses to unauthenticated requests per source IP. */
  public static final int UNAUTHENTICATED_BURST = 1000;

  /** The realm used when none is configured. */
  public static final String DEFAULT_REALM = "ferry";

  /** Validates ranges; a bad value here is a bug (config loading reports user errors first). */
  public TurnConfig {
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(lifetimes, "lifetimes");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(peers, "peers");
    relayIps = List.copyOf(Objects.requireNonNull(relayIps, "relayIps"));
    externalIps = Map.copyOf(Objects.requireNonNull(externalIps, "externalIps"));
    if (minPort < 1 || maxPort > 65535 || minPort > maxPort) {
      throw new IllegalArgumentException("bad relay port range " + minPort + "-" + maxPort);
    }
    if (!(unauthenticatedRatePerSecond > 0) || unauthenticatedBurst < 1) {
      throw new IllegalArgumentException("unauthenticated response rate and burst must be > 0");
    }
  }

  /** RFC defaults, realm "ferry", no credentials (nobody can allocate until some are added). */
  public static TurnConfig defaults() {
    return new TurnConfig(
        AuthConfig.defaults(new Realm(DEFAULT_REALM)),
        LifetimePolicy.RFC_DEFAULTS,
        AllocationLimits.DEFAULTS,
        PeerPolicySettings.DEFAULTS,
        DEFAULT_MIN_PORT,
        DEFAULT_MAX_PORT,
        List.of(),
        Map.of(),
        // Per source IP. A challenge is about the size of the request that caused it, so this
        // bounds reflection rather than amplification; it must still let many clients behind one
        // NAT address start at once (one 401 per Allocate), which a low rate would stall.
        UNAUTHENTICATED_RATE_PER_SECOND,
        UNAUTHENTICATED_BURST);
  }

  /** A copy with other auth settings. */
  public TurnConfig withAuth(AuthConfig newAuth) {
    return new TurnConfig(
        newAuth,
        lifetimes,
        limits,
        peers,
        minPort,
        maxPort,
        relayIps,
        externalIps,
        unauthenticatedRatePerSecond,
        unauthenticatedBurst);
  }

  /** A copy with other peer policy settings. */
  public TurnConfig withPeers(PeerPolicySettings newPeers) {
    return new TurnConfig(
        auth,
        lifetimes,
        limits,
        newPeers,
        minPort,
        maxPort,
        relayIps,
        externalIps,
        unauthenticatedRatePerSecond,
        unauthenticatedBurst);
  }

  /** A copy with another relay port range. */
  public TurnConfig withPortRange(int newMin, int newMax) {
    return new TurnConfig(
        auth,
        lifetimes,
        limits,
        peers,
        newMin,
        newMax,
        relayIps,
        externalIps,
        unauthenticatedRatePerSecond,
        unauthenticatedBurst);
  }
}

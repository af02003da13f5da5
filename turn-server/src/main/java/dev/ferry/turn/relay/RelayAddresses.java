package dev.ferry.turn.relay;

import dev.ferry.turn.allocation.AddressFamily;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the IP a relay socket binds to and the address advertised for it (RFC 8656 §6).
 *
 * <p>Order: the configured relay IPs of the requested family; else the address the client's request
 * arrived on (a concrete listener address); else, for a wildcard listener, the first host interface
 * address of the family (non-loopback preferred). Binding to a concrete address rather than the
 * wildcard keeps XOR-RELAYED-ADDRESS truthful; multi-homed hosts should set relay IPs. External IPs
 * (1:1 NAT) replace the bound IP in what the client is told, keyed by the bound IP or by the
 * wildcard of its family.
 */
public final class RelayAddresses {
  private final List<InetAddress> relayIps;
  private final List<InetAddress> hostAddresses;
  private final Map<InetAddress, InetAddress> externalIps;

  /**
   * @param relayIps configured relay IPs (may be empty)
   * @param hostAddresses the host's interface addresses, used for wildcard listeners
   * @param externalIps bound (or wildcard) IP to advertised IP
   */
  public RelayAddresses(
      List<InetAddress> relayIps,
      List<InetAddress> hostAddresses,
      Map<InetAddress, InetAddress> externalIps) {
    this.relayIps = List.copyOf(relayIps);
    this.hostAddresses = List.copyOf(hostAddresses);
    this.externalIps = Map.copyOf(externalIps);
  }

  /** The IP to bind for {@code family}, or empty when the server has none (answer 440). */
  public Optional<InetAddress> bindAddress(AddressFamily family, InetAddress listenerLocal) {
    if (!relayIps.isEmpty()) {
      return relayIps.stream().filter(a -> familyOf(a) == family).findFirst();
    }
    if (listenerLocal != null && !listenerLocal.isAnyLocalAddress()) {
      return familyOf(listenerLocal) == family ? Optional.of(listenerLocal) : Optional.empty();
    }
    Optional<InetAddress> routable =
        hostAddresses.stream()
            .filter(a -> familyOf(a) == family && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
            .findFirst();
    return routable.isPresent()
        ? routable
        : hostAddresses.stream()
            .filter(a -> familyOf(a) == family && !a.isLinkLocalAddress())
            .findFirst();
  }

  /** The address to put in XOR-RELAYED-ADDRESS for a socket bound to {@code bound}. */
  public InetSocketAddress advertised(InetSocketAddress bound) {
    InetAddress ip = bound.getAddress();
    InetAddress external = externalIps.get(ip);
    if (external == null) {
      external = externalIps.get(wildcard(familyOf(ip)));
    }
    return external == null ? bound : new InetSocketAddress(external, bound.getPort());
  }

  /** The family of {@code address}. */
  public static AddressFamily familyOf(InetAddress address) {
    return address instanceof Inet4Address ? AddressFamily.IPV4 : AddressFamily.IPV6;
  }

  private static InetAddress wildcard(AddressFamily family) {
    try {
      return family == AddressFamily.IPV4
          ? InetAddress.getByAddress(new byte[4])
          : InetAddress.getByAddress(new byte[16]);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}

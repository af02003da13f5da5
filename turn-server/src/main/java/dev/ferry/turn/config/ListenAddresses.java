package dev.ferry.turn.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Turns the configured listening IPs into the set of addresses to bind.
 *
 * <p>"All interfaces" is one dual-stack wildcard socket on {@code ::}, which on Linux (with the
 * default {@code net.ipv6.bindv6only=0}) also receives IPv4 as IPv4-mapped addresses. Binding
 * {@code 0.0.0.0} as well would collide on the same port, or, with SO_REUSEPORT, silently share
 * IPv4 traffic between two socket groups; so an explicit {@code 0.0.0.0} next to {@code ::} is
 * folded into {@code ::}. Hosts without IPv6 fall back to {@code 0.0.0.0} at bind time.
 */
public final class ListenAddresses {
  private static final InetAddress ANY_V4 = literal(new byte[4]);
  private static final InetAddress ANY_V6 = literal(new byte[16]);
  private static final InetAddress LOOPBACK_V4 = literal(new byte[] {127, 0, 0, 1});

  private ListenAddresses() {}

  /** The IPv6 wildcard {@code ::}. */
  public static InetAddress anyV6() {
    return ANY_V6;
  }

  /** The IPv4 wildcard {@code 0.0.0.0}. */
  public static InetAddress anyV4() {
    return ANY_V4;
  }

  /** {@code 127.0.0.1}, where the admin endpoints listen by default. */
  public static InetAddress loopbackV4() {
    return LOOPBACK_V4;
  }

  /** The addresses to bind, duplicates removed, in configuration order. */
  public static List<InetAddress> resolve(List<InetAddress> configured) {
    if (configured.isEmpty()) {
      return List.of(ANY_V6);
    }
    LinkedHashSet<InetAddress> unique = new LinkedHashSet<>(configured);
    boolean hasAnyV6 =
        unique.stream().anyMatch(a -> a instanceof Inet6Address && a.isAnyLocalAddress());
    List<InetAddress> result = new ArrayList<>();
    for (InetAddress address : unique) {
      boolean coveredByDualStack =
          hasAnyV6 && address instanceof Inet4Address && address.isAnyLocalAddress();
      if (!coveredByDualStack) {
        result.add(address);
      }
    }
    return List.copyOf(result);
  }

  private static InetAddress literal(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError("a 4- or 16-byte address is always valid", e);
    }
  }
}

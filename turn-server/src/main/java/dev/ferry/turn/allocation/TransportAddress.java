package dev.ferry.turn.allocation;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * An IP address and port held as primitives, so that equality and hashing never touch {@link
 * InetAddress} and tables can be probed without allocating.
 *
 * <p>IPv4 addresses live in the low 32 bits of {@link #low()} with {@link #high()} zero; IPv6
 * addresses use all 128 bits. The family is part of the identity, so an IPv4 address never equals
 * its IPv4-mapped IPv6 form (policy canonicalisation happens elsewhere).
 */
public final class TransportAddress {
  private final AddressFamily family;
  private final long high;
  private final long low;
  private final int port;
  // Built on first use (or given by of(InetSocketAddress)); a benign race builds an equal value.
  private InetSocketAddress socketAddress;

  private TransportAddress(AddressFamily family, long high, long low, int port) {
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    this.family = family;
    this.high = high;
    this.low = low;
    this.port = port;
  }

  /** An IPv4 address given as its 32 bits in network order, e.g. 0xC0000201 for 192.0.2.1. */
  public static TransportAddress ipv4(int address, int port) {
    return new TransportAddress(AddressFamily.IPV4, 0, address & 0xFFFF_FFFFL, port);
  }

  /** An IPv6 address given as its first and last 64 bits in network order. */
  public static TransportAddress ipv6(long high, long low, int port) {
    return new TransportAddress(AddressFamily.IPV6, high, low, port);
  }

  /** Converts a resolved socket address; off the per-packet path, since it reads the bytes. */
  public static TransportAddress of(InetSocketAddress address) {
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("unresolved address: " + address);
    }
    TransportAddress converted = of(address.getAddress(), address.getPort());
    converted.socketAddress = address;
    return converted;
  }

  /** Converts an address and port; off the per-packet path, since it copies the address bytes. */
  public static TransportAddress of(InetAddress address, int port) {
    ByteBuffer bytes = ByteBuffer.wrap(address.getAddress());
    if (address instanceof Inet4Address) {
      return ipv4(bytes.getInt(), port);
    }
    return ipv6(bytes.getLong(), bytes.getLong(), port);
  }

  public AddressFamily family() {
    return family;
  }

  /** First 64 bits of an IPv6 address; 0 for IPv4. */
  public long high() {
    return high;
  }

  /** Last 64 bits of an IPv6 address, or the IPv4 address in the low 32 bits. */
  public long low() {
    return low;
  }

  /**
   * The IPv4 address as an int in network order; meaningful only for {@link AddressFamily#IPV4}.
   */
  public int ipv4() {
    return (int) low;
  }

  public int port() {
    return port;
  }

  /** The same IP with another port (port 0 is used as the key of an IP-only permission). */
  public TransportAddress withPort(int newPort) {
    return newPort == port ? this : new TransportAddress(family, high, low, newPort);
  }

  /** True when both addresses have the same family and IP, whatever their ports. */
  public boolean sameIp(TransportAddress other) {
    return family == other.family && high == other.high && low == other.low;
  }

  /**
   * The JDK form, built once per instance, so that writes to a long-lived address (a client, a
   * bound peer) allocate nothing per packet.
   */
  public InetSocketAddress socketAddress() {
    InetSocketAddress a = socketAddress;
    if (a == null) {
      a = toInetSocketAddress();
      socketAddress = a;
    }
    return a;
  }

  /** Builds the JDK form, for logs, admin views and sockets. */
  public InetSocketAddress toInetSocketAddress() {
    byte[] bytes;
    if (family == AddressFamily.IPV4) {
      bytes = ByteBuffer.allocate(4).putInt((int) low).array();
    } else {
      bytes = ByteBuffer.allocate(16).putLong(high).putLong(low).array();
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(bytes), port);
    } catch (UnknownHostException e) {
      throw new AssertionError("a 4 or 16 byte address is always valid", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TransportAddress other
        && family == other.family
        && high == other.high
        && low == other.low
        && port == other.port;
  }

  @Override
  public int hashCode() {
    return AddressHash.hash(family == AddressFamily.IPV6, high, low, port);
  }

  @Override
  public String toString() {
    InetSocketAddress a = toInetSocketAddress();
    String host = a.getAddress().getHostAddress();
    return family == AddressFamily.IPV6 ? "[" + host + "]:" + port : host + ":" + port;
  }
}

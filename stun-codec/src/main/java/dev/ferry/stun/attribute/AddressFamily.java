package dev.ferry.stun.attribute;

import java.net.Inet4Address;
import java.net.InetAddress;

/** The address family numbers used inside address attributes (RFC 8489 §14.1). */
public final class AddressFamily {
  public static final int IPV4 = 0x01;
  public static final int IPV6 = 0x02;

  private AddressFamily() {}

  /** The family number of {@code address}. */
  public static int of(InetAddress address) {
    return address instanceof Inet4Address ? IPV4 : IPV6;
  }

  /** Bytes of an address of {@code family}, or -1 for an unknown family. */
  public static int addressLength(int family) {
    return family == IPV4 ? 4 : family == IPV6 ? 16 : -1;
  }
}

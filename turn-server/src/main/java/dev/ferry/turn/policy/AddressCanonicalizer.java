package dev.ferry.turn.policy;

/**
 * Finds the IPv4 addresses hidden inside IPv6 addresses, so that {@code ::ffff:127.0.0.1} or {@code
 * 64:ff9b::7f00:1} cannot sneak a denied IPv4 peer past the policy.
 *
 * <p>IPv6 addresses are handled as two longs ({@code hi} = bytes 0-7, {@code lo} = bytes 8-15, big
 * endian) and IPv4 addresses as one int, so nothing here allocates.
 */
public final class AddressCanonicalizer {

  /** How an IPv6 address carries an IPv4 address, if it does. */
  public enum Form {
    /** No embedded IPv4 address. */
    PLAIN(false),
    /** {@code ::ffff:0:0/96} (RFC 4291 §2.5.5.2): the address is the IPv4 address. */
    IPV4_MAPPED(true),
    /**
     * {@code ::/96} except {@code ::} and {@code ::1} (RFC 4291 §2.5.5.1, deprecated): the address
     * is the IPv4 address.
     */
    IPV4_COMPATIBLE(true),
    /** {@code ::ffff:0:0:0/96} (SIIT, RFC 2765 §2.1): the address is the IPv4 address. */
    IPV4_TRANSLATED(true),
    /** NAT64 well-known prefix {@code 64:ff9b::/96} (RFC 6052 §2.1), IPv4 in bytes 12-15. */
    NAT64_WELL_KNOWN(false),
    /**
     * NAT64 local-use prefix {@code 64:ff9b:1::/48} (RFC 8215), read with the RFC 6052 §2.2 layout
     * for a /48: IPv4 in bytes 6-7 and 9-10, byte 8 is the "u" octet.
     */
    NAT64_LOCAL_USE(false),
    /** 6to4 {@code 2002::/16} (RFC 3056 §2): IPv4 of the site's gateway in bytes 2-5. */
    SIX_TO_FOUR(false),
    /**
     * Teredo {@code 2001:0::/32} (RFC 4380 §4): server IPv4 in bytes 4-7, client IPv4 inverted in
     * bytes 12-15.
     */
    TEREDO(false);

    private final boolean isIpv4;

    Form(boolean isIpv4) {
      this.isIpv4 = isIpv4;
    }

    /**
     * True when the IPv6 address is merely another spelling of the IPv4 address, which then stands
     * for it entirely; false when the IPv6 address is a real IPv6 destination that leads to the
     * embedded IPv4 address through a translator or tunnel.
     */
    public boolean isIpv4Alias() {
      return isIpv4;
    }
  }

  private static final long NAT64_WELL_KNOWN_HI = 0x0064_ff9b_0000_0000L;
  private static final long NAT64_LOCAL_USE_HI_PREFIX = 0x0064_ff9b_0001L;

  private AddressCanonicalizer() {}

  /** Bytes 0-7 of a 16-byte address as a big-endian long. */
  public static long hi(byte[] address) {
    return readLong(address, 0);
  }

  /** Bytes 8-15 of a 16-byte address as a big-endian long. */
  public static long lo(byte[] address) {
    return readLong(address, 8);
  }

  /** A 4-byte address as a big-endian int. */
  public static int ipv4(byte[] address) {
    return ((address[0] & 0xff) << 24)
        | ((address[1] & 0xff) << 16)
        | ((address[2] & 0xff) << 8)
        | (address[3] & 0xff);
  }

  /** Which embedding, if any, the IPv6 address {@code hi:lo} uses. */
  public static Form formOf(long hi, long lo) {
    int upperLo = (int) (lo >>> 32);
    if (hi == 0) {
      if (upperLo == 0xffff) {
        return Form.IPV4_MAPPED;
      }
      if (upperLo == 0xffff_0000) {
        return Form.IPV4_TRANSLATED;
      }
      if (upperLo == 0) {
        return (lo == 0 || lo == 1) ? Form.PLAIN : Form.IPV4_COMPATIBLE;
      }
      return Form.PLAIN;
    }
    if (hi == NAT64_WELL_KNOWN_HI && upperLo == 0) {
      return Form.NAT64_WELL_KNOWN;
    }
    if ((hi >>> 16) == NAT64_LOCAL_USE_HI_PREFIX) {
      return Form.NAT64_LOCAL_USE;
    }
    if ((hi >>> 48) == 0x2002L) {
      return Form.SIX_TO_FOUR;
    }
    if ((hi >>> 32) == 0x2001_0000L) {
      return Form.TEREDO;
    }
    return Form.PLAIN;
  }

  /**
   * The IPv4 address embedded in {@code hi:lo} under {@code form}; for Teredo this is the server
   * address (see {@link #teredoClientIpv4}). Undefined for {@link Form#PLAIN}.
   */
  public static int embeddedIpv4(Form form, long hi, long lo) {
    switch (form) {
      case IPV4_MAPPED:
      case IPV4_COMPATIBLE:
      case IPV4_TRANSLATED:
      case NAT64_WELL_KNOWN:
        return (int) lo;
      case NAT64_LOCAL_USE:
        // RFC 6052 §2.2, /48: bits 48-63 hold the first half, bit 64-71 are "u", 72-87 the rest.
        return ((int) (hi & 0xffff) << 16) | (int) ((lo >>> 40) & 0xffff);
      case SIX_TO_FOUR:
        return (int) (hi >>> 16);
      case TEREDO:
        return (int) hi;
      default:
        throw new IllegalArgumentException("no IPv4 address embedded in a " + form + " address");
    }
  }

  /** The Teredo client's public IPv4 address, stored inverted in bytes 12-15 (RFC 4380 §4). */
  public static int teredoClientIpv4(long lo) {
    return ~(int) lo;
  }

  private static long readLong(byte[] b, int offset) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[offset + i] & 0xffL);
    }
    return v;
  }
}

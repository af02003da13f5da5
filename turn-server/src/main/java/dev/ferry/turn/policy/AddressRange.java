package dev.ferry.turn.policy;

import java.util.Objects;

/**
 * An inclusive range of IPv4 or IPv6 addresses, read from the coturn-style entries operators write
 * in {@code allowed-peer-ip} / {@code denied-peer-ip}: a single address, a CIDR block {@code
 * a.b.c.d/n}, or a range {@code a.b.c.d-e.f.g.h} (IPv6 likewise).
 *
 * <p>IPv4 addresses are held in the low 32 bits of {@code lo} with {@code hi == 0}; IPv6 as two
 * big-endian longs. IPv6 entries that lie entirely in {@code ::ffff:0:0/96} are stored as the IPv4
 * range they spell, because the policy canonicalises IPv4-mapped peers to IPv4 before matching.
 */
public final class AddressRange {

  private final boolean ipv6;
  private final long firstHi;
  private final long firstLo;
  private final long lastHi;
  private final long lastLo;

  private AddressRange(boolean ipv6, long firstHi, long firstLo, long lastHi, long lastLo) {
    this.ipv6 = ipv6;
    this.firstHi = firstHi;
    this.firstLo = firstLo;
    this.lastHi = lastHi;
    this.lastLo = lastLo;
  }

  /**
   * Reads one entry (surrounding whitespace ignored).
   *
   * @throws AddressEntryException naming the entry and what is wrong with it
   */
  public static AddressRange parse(String entry) {
    Objects.requireNonNull(entry, "entry");
    String text = entry.strip();
    if (text.isEmpty()) {
      throw new AddressEntryException(entry, "empty entry");
    }
    try {
      int slash = text.indexOf('/');
      int dash = text.indexOf('-');
      if (slash >= 0 && dash >= 0) {
        throw new IllegalArgumentException("use either a CIDR block or a range, not both");
      }
      if (slash >= 0) {
        return parseCidr(text.substring(0, slash).strip(), text.substring(slash + 1).strip());
      }
      if (dash >= 0) {
        return parseDashRange(text.substring(0, dash).strip(), text.substring(dash + 1).strip());
      }
      return single(IpLiterals.parse(text));
    } catch (AddressEntryException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new AddressEntryException(entry, e.getMessage());
    }
  }

  /** The range holding exactly one address (4 or 16 bytes). */
  public static AddressRange single(byte[] address) {
    if (address.length == 4) {
      long v = AddressCanonicalizer.ipv4(address) & 0xffff_ffffL;
      return new AddressRange(false, 0, v, 0, v);
    }
    if (address.length == 16) {
      long hi = AddressCanonicalizer.hi(address);
      long lo = AddressCanonicalizer.lo(address);
      return ipv6Range(hi, lo, hi, lo);
    }
    throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + address.length);
  }

  private static AddressRange parseCidr(String addressText, String prefixText) {
    byte[] address = IpLiterals.parse(addressText);
    int bits = address.length * 8;
    int prefix = parsePrefix(prefixText, bits);
    if (address.length == 4) {
      long v = AddressCanonicalizer.ipv4(address) & 0xffff_ffffL;
      long hostMask = prefix == 32 ? 0 : (0xffff_ffffL >>> prefix);
      if ((v & hostMask) != 0) {
        throw hostBitsSet(v & ~hostMask, prefix, false, 0);
      }
      return new AddressRange(false, 0, v, 0, v | hostMask);
    }
    long hi = AddressCanonicalizer.hi(address);
    long lo = AddressCanonicalizer.lo(address);
    long hiHostMask = prefix >= 64 ? 0 : (-1L >>> prefix);
    long loHostMask = prefix <= 64 ? -1L : (prefix == 128 ? 0 : (-1L >>> (prefix - 64)));
    if ((hi & hiHostMask) != 0 || (lo & loHostMask) != 0) {
      throw hostBitsSet(hi & ~hiHostMask, prefix, true, lo & ~loHostMask);
    }
    return ipv6Range(hi, lo, hi | hiHostMask, lo | loHostMask);
  }

  private static IllegalArgumentException hostBitsSet(
      long networkHiOrV4, int prefix, boolean ipv6, long networkLo) {
    String network = ipv6 ? ipv6Text(networkHiOrV4, networkLo) : ipv4Text((int) networkHiOrV4);
    return new IllegalArgumentException(
        "address has bits set beyond the /"
            + prefix
            + " prefix (did you mean "
            + network
            + "/"
            + prefix
            + "?)");
  }

  private static int parsePrefix(String text, int bits) {
    if (text.isEmpty() || text.length() > 3) {
      throw new IllegalArgumentException("prefix length must be a number from 0 to " + bits);
    }
    int prefix = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("prefix length must be a number from 0 to " + bits);
      }
      prefix = prefix * 10 + (c - '0');
    }
    if (prefix > bits) {
      throw new IllegalArgumentException(
          "prefix length "
              + prefix
              + " is out of range 0-"
              + bits
              + " for IPv"
              + (bits == 32 ? 4 : 6));
    }
    return prefix;
  }

  private static AddressRange parseDashRange(String firstText, String lastText) {
    byte[] first = IpLiterals.parse(firstText);
    byte[] last = IpLiterals.parse(lastText);
    if (first.length != last.length) {
      throw new IllegalArgumentException("range mixes IPv4 and IPv6");
    }
    AddressRange a = single(first);
    AddressRange b = single(last);
    if (a.ipv6 != b.ipv6) {
      throw new IllegalArgumentException("range mixes IPv4-mapped and plain IPv6 addresses");
    }
    if (compareUnsigned128(a.firstHi, a.firstLo, b.firstHi, b.firstLo) > 0) {
      throw new IllegalArgumentException("range start is above range end");
    }
    return new AddressRange(a.ipv6, a.firstHi, a.firstLo, b.lastHi, b.lastLo);
  }

  private static AddressRange ipv6Range(long firstHi, long firstLo, long lastHi, long lastLo) {
    if (firstHi == 0 && lastHi == 0 && (firstLo >>> 32) == 0xffff && (lastLo >>> 32) == 0xffff) {
      return new AddressRange(false, 0, firstLo & 0xffff_ffffL, 0, lastLo & 0xffff_ffffL);
    }
    return new AddressRange(true, firstHi, firstLo, lastHi, lastLo);
  }

  /** True for an IPv6 range. */
  public boolean isIpv6() {
    return ipv6;
  }

  /** Whether the IPv4 address {@code address} (big-endian int) lies in this range. */
  public boolean containsIpv4(int address) {
    long v = address & 0xffff_ffffL;
    return !ipv6 && v >= firstLo && v <= lastLo;
  }

  /** Whether the IPv6 address {@code hi:lo} lies in this range. */
  public boolean containsIpv6(long hi, long lo) {
    return ipv6
        && compareUnsigned128(hi, lo, firstHi, firstLo) >= 0
        && compareUnsigned128(hi, lo, lastHi, lastLo) <= 0;
  }

  long firstHi() {
    return firstHi;
  }

  long firstLo() {
    return firstLo;
  }

  long lastHi() {
    return lastHi;
  }

  long lastLo() {
    return lastLo;
  }

  static int compareUnsigned128(long aHi, long aLo, long bHi, long bLo) {
    int c = Long.compareUnsigned(aHi, bHi);
    return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AddressRange
        && ((AddressRange) o).ipv6 == ipv6
        && ((AddressRange) o).firstHi == firstHi
        && ((AddressRange) o).firstLo == firstLo
        && ((AddressRange) o).lastHi == lastHi
        && ((AddressRange) o).lastLo == lastLo;
  }

  @Override
  public int hashCode() {
    return Objects.hash(ipv6, firstHi, firstLo, lastHi, lastLo);
  }

  /** {@code first-last}, or just the address for a single one. */
  @Override
  public String toString() {
    String first = ipv6 ? ipv6Text(firstHi, firstLo) : ipv4Text((int) firstLo);
    if (firstHi == lastHi && firstLo == lastLo) {
      return first;
    }
    return first + "-" + (ipv6 ? ipv6Text(lastHi, lastLo) : ipv4Text((int) lastLo));
  }

  static String ipv4Text(int v) {
    return (v >>> 24) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
  }

  /** Full eight-group form; readable enough for messages and stable for tests. */
  static String ipv6Text(long hi, long lo) {
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      long word = i < 4 ? hi : lo;
      int group = (int) ((word >>> (48 - 16 * (i % 4))) & 0xffff);
      if (i > 0) {
        sb.append(':');
      }
      sb.append(Integer.toHexString(group));
    }
    return sb.toString();
  }
}

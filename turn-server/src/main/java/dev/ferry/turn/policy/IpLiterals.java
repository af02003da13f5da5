package dev.ferry.turn.policy;

/**
 * Parses IPv4 and IPv6 literals without ever touching DNS, which {@code InetAddress.getByName}
 * would do for anything that is not a literal.
 */
final class IpLiterals {

  private IpLiterals() {}

  /**
   * Parses {@code text} as an IPv4 dotted quad (4 bytes) or an IPv6 literal (16 bytes).
   *
   * @throws IllegalArgumentException with a message saying what is wrong (without the text itself,
   *     which the caller quotes)
   */
  static byte[] parse(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty address");
    }
    if (text.indexOf(':') >= 0) {
      return parseIpv6(text);
    }
    byte[] out = new byte[4];
    parseIpv4Into(text, out, 0);
    return out;
  }

  private static void parseIpv4Into(String text, byte[] out, int offset) {
    int part = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : '.';
      if (c == '.') {
        if (digits == 0) {
          throw new IllegalArgumentException("not an IPv4 address (empty octet)");
        }
        if (part == 4) {
          throw new IllegalArgumentException("not an IPv4 address (more than four octets)");
        }
        out[offset + part++] = (byte) value;
        value = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        if (digits == 1 && value == 0) {
          // "010" is octal to some parsers and decimal to others: refuse the ambiguity.
          throw new IllegalArgumentException("not an IPv4 address (octet with a leading zero)");
        }
        value = value * 10 + (c - '0');
        digits++;
        if (value > 255) {
          throw new IllegalArgumentException("not an IPv4 address (octet above 255)");
        }
      } else {
        throw new IllegalArgumentException("not an IP address (unexpected character '" + c + "')");
      }
    }
    if (part != 4) {
      throw new IllegalArgumentException("not an IPv4 address (needs four octets)");
    }
  }

  private static byte[] parseIpv6(String text) {
    if (text.indexOf('%') >= 0) {
      throw new IllegalArgumentException("IPv6 zone identifiers are not allowed");
    }
    byte[] out = new byte[16];
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      throw new IllegalArgumentException("not an IPv6 address (\"::\" appears twice)");
    }
    if (gap < 0) {
      int n = parseGroups(text, out, 0, true);
      if (n != 16) {
        throw new IllegalArgumentException("not an IPv6 address (needs eight groups or \"::\")");
      }
      return out;
    }
    byte[] tail = new byte[16];
    int head = gap == 0 ? 0 : parseGroups(text.substring(0, gap), out, 0, false);
    String rest = text.substring(gap + 2);
    int tailLen = rest.isEmpty() ? 0 : parseGroups(rest, tail, 0, true);
    if (head + tailLen > 14) {
      throw new IllegalArgumentException("not an IPv6 address (too many groups)");
    }
    System.arraycopy(tail, 0, out, 16 - tailLen, tailLen);
    return out;
  }

  /** Parses colon-separated groups into {@code out}; returns the number of bytes written. */
  private static int parseGroups(String text, byte[] out, int offset, boolean ipv4TailAllowed) {
    int pos = offset;
    int start = 0;
    while (true) {
      int colon = text.indexOf(':', start);
      String group = colon < 0 ? text.substring(start) : text.substring(start, colon);
      if (colon < 0 && ipv4TailAllowed && group.indexOf('.') >= 0) {
        if (pos + 4 > 16) {
          throw new IllegalArgumentException("not an IPv6 address (too many groups)");
        }
        parseIpv4Into(group, out, pos);
        return pos + 4;
      }
      if (group.isEmpty() || group.length() > 4) {
        throw new IllegalArgumentException("not an IPv6 address (bad group \"" + group + "\")");
      }
      if (pos + 2 > 16) {
        throw new IllegalArgumentException("not an IPv6 address (too many groups)");
      }
      int value = 0;
      for (int i = 0; i < group.length(); i++) {
        char c = group.charAt(i);
        int digit = c < 128 ? Character.digit(c, 16) : -1;
        if (digit < 0) {
          throw new IllegalArgumentException("not an IPv6 address (bad group \"" + group + "\")");
        }
        value = (value << 4) | digit;
      }
      out[pos++] = (byte) (value >>> 8);
      out[pos++] = (byte) value;
      if (colon < 0) {
        return pos;
      }
      start = colon + 1;
    }
  }
}

package dev.ferry.turn.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Parses {@code IP:PORT} ({@code 127.0.0.1:9641}, {@code [::1]:9641}) without asking DNS, for
 * settings that name one socket address rather than a list of IPs and a shared port.
 */
public final class SocketAddressLiteral {
  private SocketAddressLiteral() {}

  /** The address, or empty unless {@code text} is an IP literal, a colon and a port 0-65535. */
  public static Optional<InetSocketAddress> parse(String text) {
    String s = text.strip();
    String host;
    String port;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
        return Optional.empty();
      }
      host = s.substring(1, close);
      port = s.substring(close + 2);
    } else {
      int colon = s.indexOf(':');
      if (colon < 0 || colon != s.lastIndexOf(':')) {
        // No port, or an IPv6 literal without brackets (its last group would pass for a port).
        return Optional.empty();
      }
      host = s.substring(0, colon);
      port = s.substring(colon + 1);
    }
    Optional<InetAddress> ip = IpLiteral.parse(host);
    if (ip.isEmpty() || port.isEmpty() || port.length() > 5) {
      return Optional.empty();
    }
    if (!port.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    int number = Integer.parseInt(port);
    return number > 65535 ? Optional.empty() : Optional.of(new InetSocketAddress(ip.get(), number));
  }
}

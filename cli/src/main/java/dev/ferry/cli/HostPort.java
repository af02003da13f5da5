package dev.ferry.cli;

import java.util.Optional;

/**
 * A {@code HOST[:PORT]} argument: {@code example.org}, {@code 192.0.2.1:3478}, {@code [::1]:3478}
 * or a bare IPv6 literal.
 *
 * @param host host name or address literal (IPv6 without brackets)
 * @param port the port, or the default when none was given
 */
record HostPort(String host, int port) {

  /** Parses the argument; empty when the port is not 1-65535 or the brackets do not match. */
  static Optional<HostPort> parse(String text, int defaultPort) {
    String s = text.trim();
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        return Optional.empty();
      }
      String host = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (rest.isEmpty()) {
        return valid(host, defaultPort);
      }
      return rest.startsWith(":")
          ? port(rest.substring(1)).flatMap(p -> valid(host, p))
          : Optional.empty();
    }
    int colon = s.indexOf(':');
    if (colon >= 0 && colon == s.lastIndexOf(':')) {
      String host = s.substring(0, colon);
      return port(s.substring(colon + 1)).flatMap(p -> valid(host, p));
    }
    // No colon, or several (a bare IPv6 literal).
    return valid(s, defaultPort);
  }

  private static Optional<HostPort> valid(String host, int port) {
    return host.isEmpty() ? Optional.empty() : Optional.of(new HostPort(host, port));
  }

  private static Optional<Integer> port(String text) {
    try {
      int port = Integer.parseInt(text);
      return port >= 1 && port <= 65535 ? Optional.of(port) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}

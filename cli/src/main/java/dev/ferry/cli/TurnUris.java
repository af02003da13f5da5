package dev.ferry.cli;

import java.util.Optional;

/** Checks TURN URIs (RFC 7065) and makes the transport explicit, as browsers want it. */
final class TurnUris {
  private TurnUris() {}

  /**
   * The URI with {@code ?transport=} added when missing ({@code udp} for {@code turn:}, {@code tcp}
   * for {@code turns:}); {@code stun:} URIs take no transport. Empty for other schemes or no host.
   */
  static Optional<String> withTransport(String uri) {
    String u = uri.strip();
    String scheme;
    if (u.startsWith("turn:")) {
      scheme = "turn";
    } else if (u.startsWith("turns:")) {
      scheme = "turns";
    } else if (u.startsWith("stun:") || u.startsWith("stuns:")) {
      return u.indexOf(':') + 1 < u.length() && u.indexOf('?') < 0
          ? Optional.of(u)
          : Optional.empty();
    } else {
      return Optional.empty();
    }
    String rest = u.substring(scheme.length() + 1);
    int query = rest.indexOf('?');
    String hostPort = query < 0 ? rest : rest.substring(0, query);
    if (hostPort.isEmpty() || hostPort.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\\')) {
      return Optional.empty();
    }
    if (query >= 0) {
      String params = rest.substring(query + 1);
      return params.equals("transport=udp") || params.equals("transport=tcp")
          ? Optional.of(u)
          : Optional.empty();
    }
    return Optional.of(u + "?transport=" + (scheme.equals("turn") ? "udp" : "tcp"));
  }
}

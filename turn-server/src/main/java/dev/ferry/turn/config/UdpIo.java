package dev.ferry.turn.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Which code drives the UDP sockets (listeners and relay sockets): Ferry's native batched layer
 * (libferryudp, epoll only) or Netty's datagram channels; {@code AUTO} takes native where it can.
 */
public enum UdpIo {
  AUTO("auto"),
  NATIVE("native"),
  NETTY("netty");

  private final String label;

  UdpIo(String label) {
    this.label = label;
  }

  /** The name used in configuration and logs. */
  public String label() {
    return label;
  }

  /** Parses {@code auto|native|netty}, case-insensitive. */
  public static Optional<UdpIo> parse(String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    for (UdpIo io : values()) {
      if (io.label.equals(wanted)) {
        return Optional.of(io);
      }
    }
    return Optional.empty();
  }
}

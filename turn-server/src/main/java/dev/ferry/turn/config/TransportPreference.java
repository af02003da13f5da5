package dev.ferry.turn.config;

import java.util.Locale;
import java.util.Optional;

/** Which I/O transport the operator asked for; {@code AUTO} picks the best one available. */
public enum TransportPreference {
  AUTO("auto"),
  IO_URING("io_uring"),
  EPOLL("epoll"),
  NIO("nio");

  private final String label;

  TransportPreference(String label) {
    this.label = label;
  }

  /** The name used on the command line and in logs. */
  public String label() {
    return label;
  }

  /** Parses a command-line value ({@code auto|io_uring|epoll|nio}, case-insensitive). */
  public static Optional<TransportPreference> parse(String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    for (TransportPreference preference : values()) {
      if (preference.label.equals(wanted)) {
        return Optional.of(preference);
      }
    }
    return Optional.empty();
  }
}

package dev.ferry.turn.transport;

import dev.ferry.turn.config.TransportPreference;
import java.util.Optional;

/** Picks the transport: io_uring, else epoll, else NIO; an explicit request must be honoured. */
public final class TransportSelector {
  private TransportSelector() {}

  /**
   * Chooses a transport for the preference.
   *
   * @return the choice, or empty when an explicitly requested native transport is unavailable (then
   *     {@link #unavailableMessage} says why)
   */
  public static Optional<TransportChoice> select(
      TransportPreference preference, NativeAvailability available) {
    switch (preference) {
      case IO_URING:
        return available.ioUring()
            ? Optional.of(new TransportChoice(TransportKind.IO_URING, "requested"))
            : Optional.empty();
      case EPOLL:
        return available.epoll()
            ? Optional.of(new TransportChoice(TransportKind.EPOLL, "requested"))
            : Optional.empty();
      case NIO:
        return Optional.of(new TransportChoice(TransportKind.NIO, "requested"));
      case AUTO:
      default:
        return Optional.of(auto(available));
    }
  }

  /** Why an explicitly requested transport cannot be used. */
  public static String unavailableMessage(
      TransportPreference preference, NativeAvailability available) {
    String cause =
        preference == TransportPreference.IO_URING
            ? available.ioUringCause().orElse("available")
            : available.epollCause().orElse("available");
    return "transport " + preference.label() + " is not available on this host: " + cause;
  }

  private static TransportChoice auto(NativeAvailability available) {
    if (available.ioUring()) {
      return new TransportChoice(TransportKind.IO_URING, "auto: best available");
    }
    String uringWhy = "io_uring unavailable (" + available.ioUringCause().orElseThrow() + ")";
    if (available.epoll()) {
      return new TransportChoice(TransportKind.EPOLL, "auto: " + uringWhy);
    }
    return new TransportChoice(
        TransportKind.NIO,
        "auto: " + uringWhy + ", epoll unavailable (" + available.epollCause().orElseThrow() + ")");
  }
}

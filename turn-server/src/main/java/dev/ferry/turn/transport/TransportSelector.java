package dev.ferry.turn.transport;

import dev.ferry.turn.config.TransportPreference;
import java.util.Optional;

/**
 * Picks the transport: epoll, else io_uring, else NIO; an explicit request must be honoured. Epoll
 * leads because it relayed UDP for less CPU than io_uring in A/B runs (benchmarks TurnLoad, Netty
 * 4.2: flood 10 x 100 B 7.7 vs 8.1 s CPU per million packets, paced 100 x 50 pps 26-29 vs 29-34).
 */
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
    if (available.epoll()) {
      return new TransportChoice(TransportKind.EPOLL, "auto: least CPU per packet");
    }
    String epollWhy = "epoll unavailable (" + available.epollCause().orElseThrow() + ")";
    if (available.ioUring()) {
      return new TransportChoice(TransportKind.IO_URING, "auto: " + epollWhy);
    }
    return new TransportChoice(
        TransportKind.NIO,
        "auto: "
            + epollWhy
            + ", io_uring unavailable ("
            + available.ioUringCause().orElseThrow()
            + ")");
  }
}

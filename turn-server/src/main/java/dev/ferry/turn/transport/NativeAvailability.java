package dev.ferry.turn.transport;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.util.Optional;

/**
 * Whether the native transports load on this host, and why not; a value so that selection can be
 * tested without the kernel's cooperation.
 *
 * @param ioUringCause empty when io_uring is usable
 * @param epollCause empty when epoll is usable
 */
public record NativeAvailability(Optional<String> ioUringCause, Optional<String> epollCause) {

  /** Asks Netty (loading the native libraries if needed). */
  public static NativeAvailability probe() {
    return new NativeAvailability(
        IoUring.isAvailable()
            ? Optional.empty()
            : Optional.of(describe(IoUring.unavailabilityCause())),
        Epoll.isAvailable()
            ? Optional.empty()
            : Optional.of(describe(Epoll.unavailabilityCause())));
  }

  /** True when io_uring can be used. */
  public boolean ioUring() {
    return ioUringCause.isEmpty();
  }

  /** True when epoll can be used. */
  public boolean epoll() {
    return epollCause.isEmpty();
  }

  private static String describe(Throwable cause) {
    if (cause == null) {
      return "unavailable";
    }
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}

package dev.ferry.turn.nativeudp;

/**
 * The kernel's receive time of a socket's last datagram (SIOCGSTAMPNS), for a load generator that
 * wants a relay's latency without its own thread wake-ups in it.
 *
 * <p>Both clocks here are CLOCK_REALTIME in nanoseconds: the kernel stamps datagrams with it, so a
 * sender's {@link #realtimeNanos()} and a receiver's {@link #lastReceived} can be subtracted.
 */
public final class ReceiveTimestamps {
  private ReceiveTimestamps() {}

  /** True when libferryudp is loaded, so the two calls below work. */
  public static boolean isAvailable() {
    return NativeUdp.isAvailable();
  }

  /**
   * Turns kernel receive timestamps on for {@code fd}. The kernel switches its timestamping on
   * lazily, so datagrams that arrive within a few milliseconds afterwards may still carry none.
   *
   * @return false if the socket refused (not a socket, or closed)
   */
  public static boolean enable(int fd) {
    long result = NativeMethods.lastReceiveTime(fd);
    // ENOENT (2): nothing received yet, which is the usual answer to the first call.
    return result >= 0 || result == -2;
  }

  /**
   * When the kernel received the last datagram read from {@code fd}, in CLOCK_REALTIME nanoseconds;
   * -1 if it does not know. A datagram that arrived before timestamps were on reads as the time of
   * this call.
   */
  public static long lastReceived(int fd) {
    long result = NativeMethods.lastReceiveTime(fd);
    return result > 0 ? result : -1;
  }

  /** CLOCK_REALTIME now, in nanoseconds: the clock of {@link #lastReceived}. */
  public static long realtimeNanos() {
    return NativeMethods.realtimeNanos();
  }
}

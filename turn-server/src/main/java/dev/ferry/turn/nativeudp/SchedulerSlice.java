package dev.ferry.turn.nativeudp;

/**
 * The calling thread's scheduler slice (Linux 6.12+ EEVDF custom slice, {@code sched_setattr}
 * sched_runtime), so an event loop woken by a datagram preempts a busy task on its CPU sooner.
 */
public final class SchedulerSlice {
  /** The kernel's shortest slice; it clamps shorter requests up to this. */
  public static final int MIN_MICROS = 100;

  /** The kernel's longest slice; it clamps longer requests down to this. */
  public static final int MAX_MICROS = 100_000;

  private SchedulerSlice() {}

  /** True for a slice the kernel grants as asked, {@link #MIN_MICROS}-{@link #MAX_MICROS}. */
  public static boolean isGrantable(long micros) {
    return micros >= MIN_MICROS && micros <= MAX_MICROS;
  }

  /** What became of a request. */
  public enum Outcome {
    /** The kernel now reports the requested slice for this thread. */
    APPLIED,
    /** The kernel took the call but reports no custom slice: it predates Linux 6.12. */
    UNSUPPORTED_KERNEL,
    /** libferryudp is not loaded, so nothing was asked. */
    NO_NATIVE_LIBRARY,
    /** The kernel refused (a realtime or deadline thread, or a seccomp filter). */
    REFUSED
  }

  /**
   * Asks for a slice of {@code micros} for the calling thread, keeping its policy and nice value.
   *
   * @throws IllegalArgumentException outside {@link #MIN_MICROS}-{@link #MAX_MICROS}
   */
  public static Outcome requestForCurrentThread(long micros) {
    if (!isGrantable(micros)) {
      throw new IllegalArgumentException(
          "slice out of range " + MIN_MICROS + "-" + MAX_MICROS + " µs: " + micros);
    }
    if (!NativeUdp.isAvailable()) {
      return Outcome.NO_NATIVE_LIBRARY;
    }
    if (NativeMethods.setThreadSlice(micros * 1_000) != 0) {
      return Outcome.REFUSED;
    }
    return NativeMethods.threadSlice() == micros * 1_000
        ? Outcome.APPLIED
        : Outcome.UNSUPPORTED_KERNEL;
  }

  /**
   * The calling thread's slice in microseconds as the kernel reports it: 0 where it reports none
   * (before Linux 6.12), -1 without libferryudp.
   */
  public static long currentThreadMicros() {
    if (!NativeUdp.isAvailable()) {
      return -1;
    }
    long nanos = NativeMethods.threadSlice();
    return nanos < 0 ? -1 : nanos / 1_000;
  }
}

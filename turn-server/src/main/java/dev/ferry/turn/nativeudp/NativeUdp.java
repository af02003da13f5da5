package dev.ferry.turn.nativeudp;

import java.io.IOException;

/** Says whether libferryudp could be loaded here, so callers can fall back to Netty's channels. */
public final class NativeUdp {
  private NativeUdp() {}

  /** Loaded once, on first use; the JVM cannot load one library twice into one class loader. */
  private static final class Holder {
    static final Throwable CAUSE =
        NativeLibraryLoader.load(
            NativeUdp.class.getClassLoader(), NativeLibraryLoader.resourceName());
  }

  /** True when the native library is loaded and usable on this OS and architecture. */
  public static boolean isAvailable() {
    return Holder.CAUSE == null;
  }

  /** Why the library is unusable, or null when it is available. */
  public static Throwable unavailabilityCause() {
    return Holder.CAUSE;
  }

  /** Throws an IOException carrying the cause when the library is unavailable. */
  static void ensureAvailable() throws IOException {
    Throwable cause = Holder.CAUSE;
    if (cause != null) {
      throw new IOException("native UDP (libferryudp) unavailable: " + cause.getMessage(), cause);
    }
  }

  /** The C library's text for an errno value, e.g. "Connection refused". */
  public static String describeError(int errno) {
    return isAvailable() ? NativeMethods.describeError(errno) : "errno " + errno;
  }

  /** An IOException for a {@code -errno} result of the named operation (error path only). */
  static IOException ioException(String operation, int negativeErrno) {
    int errno = -negativeErrno;
    return new IOException(
        operation + " failed: " + describeError(errno) + " (errno " + errno + ")");
  }
}

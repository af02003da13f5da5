package dev.ferry.bench;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Closes a benchmark's channels when an armed exchange runs past its deadline, because a blocking
 * {@link java.nio.channels.DatagramChannel} ignores SO_TIMEOUT: a lost datagram then fails the
 * iteration with {@link java.nio.channels.AsynchronousCloseException} instead of hanging it.
 *
 * <p>Arming and disarming are one volatile write each and allocate nothing, so the measured
 * operation can be bounded without changing what it allocates.
 */
final class ReadWatchdog implements AutoCloseable {
  private static final long CHECK_MILLIS = 250;

  private final long timeoutNanos;
  private final List<Closeable> channels;
  private final Thread thread;
  private volatile long armedAt;
  private volatile boolean fired;
  private volatile boolean closed;

  ReadWatchdog(long timeout, TimeUnit unit, List<Closeable> channels) {
    this.timeoutNanos = unit.toNanos(timeout);
    this.channels = List.copyOf(channels);
    this.thread = new Thread(this::watch, "relay-bench-watchdog");
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts the deadline of one exchange. */
  void arm() {
    long now = System.nanoTime();
    // 0 means idle.
    armedAt = now == 0 ? 1 : now;
  }

  /** The exchange completed in time. */
  void disarm() {
    armedAt = 0;
  }

  /** Whether a deadline passed and the channels were closed because of it. */
  boolean fired() {
    return fired;
  }

  /** The failure to report when a read ended because this watchdog closed its channel. */
  IOException timedOut(String what, IOException cause) {
    return new IOException(
        what + ": no datagram within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms",
        cause);
  }

  private void watch() {
    while (!closed) {
      try {
        Thread.sleep(CHECK_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      long at = armedAt;
      if (at != 0 && System.nanoTime() - at > timeoutNanos) {
        fired = true;
        for (Closeable channel : channels) {
          try {
            channel.close();
          } catch (IOException ignored) {
            // Closing is the whole point; the reader reports the timeout.
          }
        }
        return;
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    thread.interrupt();
    thread.join(TimeUnit.SECONDS.toMillis(5));
  }
}

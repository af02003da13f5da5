package dev.ferry.cli;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a latch the main thread waits on, so that a requested stop ends
 * with exit status 0 (the JVM's default handler would exit with 143 after the shutdown hooks).
 */
final class TerminationSignals {
  private static final Logger LOG = LoggerFactory.getLogger(TerminationSignals.class);

  private final CountDownLatch requested = new CountDownLatch(1);

  /** Installs the handlers; a platform without them keeps the JVM's default behaviour. */
  static TerminationSignals install() {
    TerminationSignals signals = new TerminationSignals();
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(
            new Signal(name),
            s -> {
              LOG.info("Received SIG{}, stopping", s.getName());
              signals.requested.countDown();
            });
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        LOG.debug("Cannot handle SIG{}: {}", name, e.toString());
      }
    }
    return signals;
  }

  /** Blocks until a stop is requested. */
  void await() throws InterruptedException {
    requested.await();
  }
}

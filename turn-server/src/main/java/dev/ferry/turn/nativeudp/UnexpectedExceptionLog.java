package dev.ferry.turn.nativeudp;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Logs exceptions that only a bug throws: the first of each class with its stack trace at warn,
 * later ones at debug, so that one bug hit by a flood of datagrams cannot fill the log.
 */
public final class UnexpectedExceptionLog {
  private final Logger log;
  private final Set<Class<?>> logged = ConcurrentHashMap.newKeySet();

  /** A log writing to {@code log}. */
  public UnexpectedExceptionLog(Logger log) {
    this.log = log;
  }

  /** Logs {@code cause}, raised on {@code where}. */
  public void log(Object where, Throwable cause) {
    if (logged.add(cause.getClass())) {
      log.warn(
          "Unexpected exception on {} (further ones of this type are logged at debug)",
          where,
          cause);
    } else {
      log.debug("Unexpected exception on {}", where, cause);
    }
  }
}

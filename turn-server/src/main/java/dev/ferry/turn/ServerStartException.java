package dev.ferry.turn;

/** The server could not start (a port in use, a transport unavailable); the message says which. */
public final class ServerStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A start failure with its operator-facing message. */
  public ServerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.ferry.turn.transport;

/** The I/O transports Ferry can run on, best first. */
public enum TransportKind {
  IO_URING("io_uring"),
  EPOLL("epoll"),
  NIO("nio");

  private final String label;

  TransportKind(String label) {
    this.label = label;
  }

  /** The name used in logs and on the command line. */
  public String label() {
    return label;
  }
}

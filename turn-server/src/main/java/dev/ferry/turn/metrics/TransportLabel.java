package dev.ferry.turn.metrics;

/** The {@code transport} label: which kind of listener a message arrived on. */
public enum TransportLabel {
  UDP("udp"),
  TCP("tcp");

  private final String label;

  TransportLabel(String label) {
    this.label = label;
  }

  /** The Prometheus label value. */
  public String label() {
    return label;
  }
}

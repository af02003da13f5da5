package dev.ferry.turn.metrics;

/** The {@code method} label: STUN/TURN methods by name (RFC 8489 §18.2, RFC 8656 §17, RFC 6062). */
public enum MethodLabel {
  BINDING(0x001, "binding"),
  ALLOCATE(0x003, "allocate"),
  REFRESH(0x004, "refresh"),
  SEND(0x006, "send"),
  DATA(0x007, "data"),
  CREATE_PERMISSION(0x008, "create_permission"),
  CHANNEL_BIND(0x009, "channel_bind"),
  CONNECT(0x00A, "connect"),
  CONNECTION_BIND(0x00B, "connection_bind"),
  CONNECTION_ATTEMPT(0x00C, "connection_attempt"),
  OTHER(-1, "other");

  private static final MethodLabel[] BY_CODE = new MethodLabel[0x00D];

  static {
    for (MethodLabel label : values()) {
      if (label.code >= 0) {
        BY_CODE[label.code] = label;
      }
    }
  }

  private final int code;
  private final String label;

  MethodLabel(int code, String label) {
    this.code = code;
    this.label = label;
  }

  /** The label for a 12-bit method code; unassigned codes share {@link #OTHER}. */
  public static MethodLabel of(int method) {
    if (method >= 0 && method < BY_CODE.length && BY_CODE[method] != null) {
      return BY_CODE[method];
    }
    return OTHER;
  }

  /** The Prometheus label value. */
  public String label() {
    return label;
  }
}

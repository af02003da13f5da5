package dev.ferry.turn.allocation;

/** Why an allocation ended, for the lifecycle log line and metrics. */
public enum ReleaseReason {
  /** Refresh with LIFETIME 0 (RFC 8656 §8.2). */
  DELETED,
  /** Its lifetime ran out without a Refresh (RFC 8656 §6). */
  EXPIRED,
  /** An operator or the server ended it (admin kill, client connection closed, shutdown). */
  CLOSED
}

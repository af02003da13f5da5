package dev.ferry.turn.allocation;

/** Outcome of reserving an allocation slot against the quotas (RFC 8656 §5, §7.2 step 10). */
public enum QuotaResult {
  ACQUIRED(0),
  USER_QUOTA_REACHED(486),
  TOTAL_QUOTA_REACHED(486);

  private final int errorCode;

  QuotaResult(int errorCode) {
    this.errorCode = errorCode;
  }

  public boolean isSuccess() {
    return errorCode == 0;
  }

  /** The STUN error code to answer with, or 0 on success. */
  public int errorCode() {
    return errorCode;
  }
}

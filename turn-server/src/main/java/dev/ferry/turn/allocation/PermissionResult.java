package dev.ferry.turn.allocation;

/** Outcome of installing a permission (RFC 8656 §9, §10.2), with the error code to answer. */
public enum PermissionResult {
  INSTALLED(0),
  REFRESHED(0),
  /** The peer's family differs from the relayed address's (RFC 8656 §10.2). */
  PEER_ADDRESS_FAMILY_MISMATCH(443),
  /** The allocation already holds its maximum number of permissions (RFC 8656 §10.2). */
  CAPACITY(508);

  private final int errorCode;

  PermissionResult(int errorCode) {
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

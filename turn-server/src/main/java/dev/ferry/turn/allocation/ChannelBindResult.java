package dev.ferry.turn.allocation;

/** Outcome of a ChannelBind against allocation state (RFC 8656 §12.2), with its error code. */
public enum ChannelBindResult {
  BOUND(0),
  REFRESHED(0),
  /** Outside 0x4000-0x7FFE ({@link dev.ferry.stun.channel.ChannelNumbers}). */
  INVALID_CHANNEL_NUMBER(400),
  /** The number is bound, or quarantined after expiry, to a different peer. */
  NUMBER_BOUND_TO_OTHER_PEER(400),
  /** The peer is bound, or quarantined after expiry, to a different number. */
  PEER_BOUND_TO_OTHER_NUMBER(400),
  /** The peer's family differs from the relayed address's. */
  PEER_ADDRESS_FAMILY_MISMATCH(443),
  /** The allocation already has its maximum number of active channels. */
  CAPACITY(508),
  /** The binding would need a new permission and the permission table is full. */
  PERMISSION_CAPACITY(508);

  private final int errorCode;

  ChannelBindResult(int errorCode) {
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

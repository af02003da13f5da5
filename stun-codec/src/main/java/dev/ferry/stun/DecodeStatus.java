package dev.ferry.stun;

/**
 * The outcome of {@link StunMessage#wrap}: {@link #OK} or the first basic check the bytes failed
 * (RFC 8489 §6.3). Every failure means "silently discard".
 */
public enum DecodeStatus {
  /** A well-formed STUN message. */
  OK,
  /** Fewer than the 20 header bytes. */
  TOO_SHORT,
  /** The two most significant bits are not zero: not STUN. */
  NOT_STUN,
  /** The header Length is not a multiple of 4. */
  LENGTH_NOT_MULTIPLE_OF_FOUR,
  /** 20 + header Length differs from the number of readable bytes. */
  LENGTH_MISMATCH,
  /** An attribute header or padded value runs past the end of the message. */
  ATTRIBUTE_OVERRUN,
  /** More attributes than the view's bound (work limit against hostile input). */
  TOO_MANY_ATTRIBUTES,
  /** No magic cookie on something other than a request (only RFC 3489 requests may omit it). */
  MISSING_MAGIC_COOKIE,
  /** A FINGERPRINT attribute that is not the last attribute. */
  FINGERPRINT_NOT_LAST,
  /** A FINGERPRINT attribute of the wrong length or with a wrong CRC. */
  BAD_FINGERPRINT;

  /** True only for {@link #OK}. */
  public boolean isOk() {
    return this == OK;
  }
}

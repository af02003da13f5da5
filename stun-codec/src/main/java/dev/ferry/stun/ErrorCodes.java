package dev.ferry.stun;

/**
 * STUN error response codes with their registry reason phrases (RFC 8489 §18.4, RFC 8656 §19, RFC
 * 6062 §6.3, RFC 8016 §4).
 */
public final class ErrorCodes {
  public static final int TRY_ALTERNATE = 300;
  public static final int BAD_REQUEST = 400;
  public static final int UNAUTHENTICATED = 401;
  public static final int FORBIDDEN = 403;
  public static final int MOBILITY_FORBIDDEN = 405;
  public static final int UNKNOWN_ATTRIBUTE = 420;
  public static final int ALLOCATION_MISMATCH = 437;
  public static final int STALE_NONCE = 438;
  public static final int ADDRESS_FAMILY_NOT_SUPPORTED = 440;
  public static final int WRONG_CREDENTIALS = 441;
  public static final int UNSUPPORTED_TRANSPORT_PROTOCOL = 442;
  public static final int PEER_ADDRESS_FAMILY_MISMATCH = 443;
  public static final int CONNECTION_ALREADY_EXISTS = 446;
  public static final int CONNECTION_TIMEOUT_OR_FAILURE = 447;
  public static final int ALLOCATION_QUOTA_REACHED = 486;
  public static final int SERVER_ERROR = 500;
  public static final int INSUFFICIENT_CAPACITY = 508;

  private ErrorCodes() {}

  /** The registry reason phrase for {@code code}, or {@code "Error"} for a code not listed here. */
  public static String reasonPhrase(int code) {
    switch (code) {
      case TRY_ALTERNATE:
        return "Try Alternate";
      case BAD_REQUEST:
        return "Bad Request";
      case UNAUTHENTICATED:
        return "Unauthenticated";
      case FORBIDDEN:
        return "Forbidden";
      case MOBILITY_FORBIDDEN:
        return "Mobility Forbidden";
      case UNKNOWN_ATTRIBUTE:
        return "Unknown Attribute";
      case ALLOCATION_MISMATCH:
        return "Allocation Mismatch";
      case STALE_NONCE:
        return "Stale Nonce";
      case ADDRESS_FAMILY_NOT_SUPPORTED:
        return "Address Family not Supported";
      case WRONG_CREDENTIALS:
        return "Wrong Credentials";
      case UNSUPPORTED_TRANSPORT_PROTOCOL:
        return "Unsupported Transport Protocol";
      case PEER_ADDRESS_FAMILY_MISMATCH:
        return "Peer Address Family Mismatch";
      case CONNECTION_ALREADY_EXISTS:
        return "Connection Already Exists";
      case CONNECTION_TIMEOUT_OR_FAILURE:
        return "Connection Timeout or Failure";
      case ALLOCATION_QUOTA_REACHED:
        return "Allocation Quota Reached";
      case SERVER_ERROR:
        return "Server Error";
      case INSUFFICIENT_CAPACITY:
        return "Insufficient Capacity";
      default:
        return "Error";
    }
  }
}

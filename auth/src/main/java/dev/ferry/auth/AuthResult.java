package dev.ferry.auth;

import dev.ferry.stun.integrity.PasswordAlgorithm;
import java.util.List;

/**
 * The outcome of authenticating one request (RFC 8489 §9.2.4): either who sent it and with which
 * key, or the error response the server module must write, with what it must carry. A value, so the
 * server can count reasons and tests can compare results.
 */
public sealed interface AuthResult {

  /** The request is authenticated; the response must be integrity-protected with {@code key}. */
  record Authenticated(String username, LongTermKey key, ResponseIntegrity integrity)
      implements AuthResult {
    public PasswordAlgorithm algorithm() {
      return key.algorithm();
    }
  }

  /**
   * A 401 or 438 that challenges the client: the response carries ERROR-CODE {@code code}, REALM
   * {@code realm}, NONCE {@code nonce} and, when {@code passwordAlgorithms} is not empty,
   * PASSWORD-ALGORITHMS with those entries in that order. No MESSAGE-INTEGRITY: the server cannot
   * know the key (or chose not to use it).
   */
  record Challenge(
      int code,
      Reason reason,
      String realm,
      String nonce,
      List<PasswordAlgorithm> passwordAlgorithms)
      implements AuthResult {
    public Challenge {
      if (code != UNAUTHENTICATED && code != STALE_NONCE) {
        throw new IllegalArgumentException("a challenge is a 401 or a 438, not " + code);
      }
      passwordAlgorithms = List.copyOf(passwordAlgorithms);
    }
  }

  /**
   * A 400 (Bad Request) carrying only ERROR-CODE: RFC 8489 §9.2.4 says it SHOULD NOT include
   * USERNAME, USERHASH, NONCE or REALM and cannot carry MESSAGE-INTEGRITY.
   */
  record BadRequest(Reason reason) implements AuthResult {}

  /**
   * A 500 (Server Error): the credential store failed; the client should try again (RFC 8489
   * §14.8). The cause is for the server's log, never for the response.
   */
  record ServerError(Throwable cause) implements AuthResult {}

  /** Why a request was not authenticated; for counters and debug logs. */
  enum Reason {
    /** No MESSAGE-INTEGRITY or MESSAGE-INTEGRITY-SHA256: the normal first request. */
    NO_INTEGRITY,
    /** Integrity present, but USERNAME/USERHASH, REALM or NONCE missing. */
    MISSING_ATTRIBUTE,
    /** USERNAME, REALM or NONCE not acceptable text, or USERHASH not 32 bytes. */
    INVALID_FIELD,
    /** PASSWORD-ALGORITHM(S) inconsistent with what this server offered (RFC 8489 §9.2.4). */
    PASSWORD_ALGORITHM_MISMATCH,
    /** REALM is not this server's realm. */
    WRONG_REALM,
    /** No key for the USERNAME/USERHASH (unknown user, expired or malformed REST username). */
    UNKNOWN_USER,
    /** Integrity does not match any key of the user. */
    BAD_INTEGRITY,
    /** NONCE was minted here for this client but has expired. */
    STALE_NONCE,
    /** NONCE was not minted here, or for another client address. */
    INVALID_NONCE
  }

  /** Which integrity attribute the authenticated response carries. */
  enum ResponseIntegrity {
    /**
     * MESSAGE-INTEGRITY (HMAC-SHA1): the request used it. RFC 8489 §9.2.4 also names this case
     * "processed as though PASSWORD-ALGORITHM were MD5", which covers every RFC 5389 client.
     */
    MESSAGE_INTEGRITY,
    /** MESSAGE-INTEGRITY-SHA256: the request used it. */
    MESSAGE_INTEGRITY_SHA256
  }

  int UNAUTHENTICATED = 401;
  int BAD_REQUEST = 400;
  int STALE_NONCE = 438;
  int SERVER_ERROR = 500;

  /** The ERROR-CODE of the response, or 0 when the request is authenticated. */
  default int errorCode() {
    if (this instanceof Challenge challenge) {
      return challenge.code();
    }
    if (this instanceof ServerError) {
      return SERVER_ERROR;
    }
    return this instanceof BadRequest ? BAD_REQUEST : 0;
  }
}

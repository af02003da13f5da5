package dev.ferry.auth;

/**
 * What the server thinks of a NONCE a client echoed. Both {@link #STALE} and {@link #INVALID} are
 * answered with 438 (Stale Nonce) and a fresh nonce: RFC 8489 §9.2.4 knows only "no longer valid",
 * and 438 lets an honest client whose NAT binding changed (its nonce is bound to the old address)
 * recover with one retry, where a 401 would make it give up on its credentials. They are kept apart
 * so that forged nonces can be counted.
 */
public enum NonceCheck {
  /** Minted by this server, for this client address and port, within the lifetime. */
  VALID,
  /** Minted by this server for this address, but too long ago (or by a clock that went back). */
  STALE,
  /** Not minted by this server (forged, tampered, truncated) or minted for another address. */
  INVALID
}

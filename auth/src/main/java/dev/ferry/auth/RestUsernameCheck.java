package dev.ferry.auth;

import java.time.Instant;

/** What a REST API username says about itself once parsed against the current time. */
public sealed interface RestUsernameCheck {

  /**
   * Well formed and not yet expired; {@code user} is the part after the separator (may be empty).
   */
  record Valid(Instant expiresAt, String user) implements RestUsernameCheck {}

  /** Well formed but the expiry timestamp has been reached (draft-uberti §4.2: reject with 401). */
  record Expired(Instant expiresAt) implements RestUsernameCheck {}

  /** The expiry part is not a plain decimal unix timestamp. */
  record Malformed(String reason) implements RestUsernameCheck {}
}

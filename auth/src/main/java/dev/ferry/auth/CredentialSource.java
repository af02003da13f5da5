package dev.ferry.auth;

import dev.ferry.stun.integrity.PasswordAlgorithm;
import java.util.List;
import java.util.Optional;

/**
 * Where long-term keys come from. Implementations may block (a database, a file); {@link
 * CachingCredentialStore} calls those on a dedicated executor, never on an event loop, and calls
 * the ones that only compute in memory ({@link #mayBlock()} false) on the caller's thread.
 */
public interface CredentialSource {

  /**
   * Every key that may have signed a request from {@code username} in {@code realm} with {@code
   * algorithm}; several when secrets are being rotated, empty for an unknown user.
   */
  List<LongTermKey> keys(String username, String realm, PasswordAlgorithm algorithm);

  /** The username whose USERHASH (RFC 8489 §14.4) in {@code realm} is {@code userhash}. */
  default Optional<String> usernameForHash(byte[] userhash, String realm) {
    return Optional.empty();
  }

  /**
   * Whether a lookup may wait on I/O or a lock held for long. False only for sources that answer
   * from memory in microseconds, which may then run on an event loop: a thread hop per lookup would
   * cost more than the lookup itself.
   */
  default boolean mayBlock() {
    return true;
  }
}

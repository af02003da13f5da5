package dev.ferry.auth;

import dev.ferry.stun.integrity.PasswordAlgorithm;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Non-blocking access to long-term keys for request authentication: safe to call from an event
 * loop; the stages may complete on another thread.
 */
public interface CredentialStore {

  /** See {@link CredentialSource#keys}; never holds an expired REST key. */
  CompletionStage<List<LongTermKey>> keys(
      String username, String realm, PasswordAlgorithm algorithm);

  /**
   * The keys at once, on the calling thread, when that needs no wait: they are cached or the source
   * never blocks. Empty when only {@link #keys} can answer; the default never answers at once.
   */
  default Optional<List<LongTermKey>> keysNow(
      String username, String realm, PasswordAlgorithm algorithm) {
    return Optional.empty();
  }

  /** See {@link CredentialSource#usernameForHash}. */
  CompletionStage<Optional<String>> usernameForHash(byte[] userhash, String realm);
}

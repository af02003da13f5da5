package dev.ferry.auth;

import dev.ferry.stun.integrity.PasswordAlgorithm;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Non-blocking access to long-term keys for request authentication: safe to call from an event
 * loop; the stages complete on another thread.
 */
public interface CredentialStore {

  /** See {@link CredentialSource#keys}; never holds an expired REST key. */
  CompletionStage<List<LongTermKey>> keys(
      String username, String realm, PasswordAlgorithm algorithm);

  /** See {@link CredentialSource#usernameForHash}. */
  CompletionStage<Optional<String>> usernameForHash(byte[] userhash, String realm);
}

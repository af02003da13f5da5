package dev.ferry.auth;

import dev.ferry.stun.integrity.PasswordAlgorithm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Keys for REST API usernames (draft-uberti-behave-turn-rest-00 §4.2): the password is recomputed
 * from each shared secret, so an unexpired, well-formed username has one candidate key per secret.
 * Expired and malformed usernames have none, which the authenticator answers with 401. REST
 * credentials ignore the realm's meaning (§4.2) but the key still mixes it in (RFC 8489 §9.2.2).
 */
public final class RestCredentialSource implements CredentialSource {
  private final RestCredentials rest;

  public RestCredentialSource(RestCredentials rest) {
    this.rest = Objects.requireNonNull(rest);
  }

  @Override
  public List<LongTermKey> keys(String username, String realm, PasswordAlgorithm algorithm) {
    if (!(rest.check(username) instanceof RestUsernameCheck.Valid valid)) {
      return List.of();
    }
    List<LongTermKey> keys = new ArrayList<>();
    for (SecretBytes password : rest.candidatePasswords(username)) {
      try {
        byte[] key = algorithm.deriveKey(username, realm, password.utf8());
        keys.add(LongTermKey.expiring(username, algorithm, key, valid.expiresAt()));
        Arrays.fill(key, (byte) 0);
      } catch (IllegalArgumentException e) {
        // The realm is not an OpaqueString (SHA-256 only): no key of this kind can exist.
        return List.of();
      } finally {
        password.wipe();
      }
    }
    return List.copyOf(keys);
  }

  /** An HMAC and a key derivation per secret, in memory. */
  @Override
  public boolean mayBlock() {
    return false;
  }

  @Override
  public String toString() {
    return "RestCredentialSource[" + rest + "]";
  }
}

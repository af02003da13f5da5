package dev.ferry.auth;

import java.util.List;
import java.util.Objects;

/**
 * The REST API shared secrets the server accepts at once, so that a secret can be rotated without
 * rejecting credentials minted with the previous one (draft-uberti-behave-turn-rest-00 §5.2). The
 * first secret mints new credentials; any of them verifies.
 */
public final class SharedSecrets {
  private final List<SecretBytes> secrets;

  private SharedSecrets(List<SecretBytes> secrets) {
    this.secrets = secrets;
  }

  /** {@code secrets} in order of preference; the first one mints. Empty means REST is disabled. */
  public static SharedSecrets of(List<SecretBytes> secrets) {
    secrets.forEach(Objects::requireNonNull);
    for (SecretBytes secret : secrets) {
      if (secret.length() == 0) {
        throw new IllegalArgumentException("a REST shared secret must not be empty");
      }
    }
    return new SharedSecrets(List.copyOf(secrets));
  }

  /** Convenience for configuration: each string is one secret, UTF-8 encoded. */
  public static SharedSecrets ofUtf8(String... secrets) {
    return of(java.util.Arrays.stream(secrets).map(SecretBytes::ofUtf8).toList());
  }

  public static SharedSecrets none() {
    return new SharedSecrets(List.of());
  }

  public boolean isEmpty() {
    return secrets.isEmpty();
  }

  /** The secret used to mint new credentials. */
  public SecretBytes minting() {
    if (secrets.isEmpty()) {
      throw new IllegalStateException("no REST shared secret configured");
    }
    return secrets.get(0);
  }

  /** Every secret that may have minted a credential, minting secret first. */
  public List<SecretBytes> all() {
    return secrets;
  }

  @Override
  public String toString() {
    return "SharedSecrets[" + secrets.size() + " redacted]";
  }
}

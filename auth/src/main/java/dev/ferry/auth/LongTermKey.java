package dev.ferry.auth;

import dev.ferry.stun.integrity.PasswordAlgorithm;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A derived long-term key (RFC 8489 §9.2.2, §18.5.1) for one username, realm and password
 * algorithm: what MESSAGE-INTEGRITY(-SHA256) is keyed with. Never prints the key.
 */
public final class LongTermKey {
  private final String username;
  private final PasswordAlgorithm algorithm;
  private final byte[] key;
  private final Instant expiresAt;

  private LongTermKey(String username, PasswordAlgorithm algorithm, byte[] key, Instant expiresAt) {
    this.username = Objects.requireNonNull(username);
    this.algorithm = Objects.requireNonNull(algorithm);
    this.key = key.clone();
    this.expiresAt = expiresAt;
  }

  /** A key that stays good until the configuration changes (static users). */
  public static LongTermKey of(String username, PasswordAlgorithm algorithm, byte[] key) {
    return new LongTermKey(username, algorithm, key, null);
  }

  /** A key that must not be used from {@code expiresAt} on (REST credentials). */
  public static LongTermKey expiring(
      String username, PasswordAlgorithm algorithm, byte[] key, Instant expiresAt) {
    return new LongTermKey(username, algorithm, key, Objects.requireNonNull(expiresAt));
  }

  public String username() {
    return username;
  }

  public PasswordAlgorithm algorithm() {
    return algorithm;
  }

  /** A copy of the key bytes. */
  public byte[] bytes() {
    return key.clone();
  }

  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /** True from the expiry instant on; never for keys without an expiry. */
  public boolean isExpiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LongTermKey that
        && username.equals(that.username)
        && algorithm == that.algorithm
        && MessageDigest.isEqual(key, that.key)
        && Objects.equals(expiresAt, that.expiresAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(username, algorithm, Arrays.hashCode(key), expiresAt);
  }

  @Override
  public String toString() {
    return "LongTermKey[" + username + ", " + algorithm + ", redacted]";
  }
}

package dev.ferry.stun.integrity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Long-term credential key derivation algorithms and their PASSWORD-ALGORITHM code points (RFC 8489
 * §9.2.2, §18.5).
 *
 * <p>{@link #MD5} prepares the password with SASLprep, as RFC 5389 §15.4 did and as deployed
 * clients expect (for ASCII passwords SASLprep and OpaqueString give the same string); the realm is
 * used as sent. {@link #SHA256} exists only in RFC 8489, so it follows RFC 8489 exactly:
 * OpaqueString on realm and password. The username is used as given (it arrives already prepared in
 * USERNAME).
 */
public enum PasswordAlgorithm {
  MD5(0x0001, "MD5"),
  SHA256(0x0002, "SHA-256");

  private final int code;
  private final String digest;

  PasswordAlgorithm(int code, String digest) {
    this.code = code;
    this.digest = digest;
  }

  /** The PASSWORD-ALGORITHM code point. */
  public int code() {
    return code;
  }

  /** Key length in bytes (16 for MD5, 32 for SHA-256). */
  public int keyLength() {
    return this == MD5 ? 16 : 32;
  }

  /** The algorithm for {@code code}, or null if unknown. */
  public static PasswordAlgorithm fromCode(int code) {
    for (PasswordAlgorithm a : values()) {
      if (a.code == code) {
        return a;
      }
    }
    return null;
  }

  /**
   * H(username ":" realm ":" password) with the preparation described on this enum. Throws {@link
   * IllegalArgumentException} if the password (or, for SHA-256, the realm) is not a valid string
   * for its profile: a configuration error, not a protocol one.
   */
  public byte[] deriveKey(String username, String realm, String password) {
    String input =
        this == MD5
            ? username + ":" + realm + ":" + SaslPrep.prepare(password)
            : username + ":" + OpaqueString.prepare(realm) + ":" + OpaqueString.prepare(password);
    return hash(input.getBytes(StandardCharsets.UTF_8));
  }

  /** This algorithm's digest of {@code input}. */
  public byte[] hash(byte[] input) {
    try {
      return MessageDigest.getInstance(digest).digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK lacks " + digest, e);
    }
  }
}

package dev.ferry.stun.integrity;

import java.nio.charset.StandardCharsets;

/**
 * USERHASH value: SHA-256(OpaqueString(username) ":" OpaqueString(realm)) for username anonymity
 * (RFC 8489 §14.4).
 */
public final class UserHash {
  private UserHash() {}

  /**
   * The 32-byte USERHASH of {@code username} in {@code realm}. Both go through OpaqueString first
   * (idempotent for already prepared strings); invalid ones throw {@link IllegalArgumentException}.
   */
  public static byte[] of(String username, String realm) {
    String input = OpaqueString.prepare(username) + ":" + OpaqueString.prepare(realm);
    return PasswordAlgorithm.SHA256.hash(input.getBytes(StandardCharsets.UTF_8));
  }
}

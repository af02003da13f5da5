package dev.ferry.auth;

import java.util.HexFormat;

/**
 * One static user as configured, in coturn's forms: {@code name:password}, or {@code name:0xHEX}
 * with a precomputed long-term key for the server's realm (32 hex digits: the 16-byte MD5 key of
 * RFC 8489 §9.2.2; 64 hex digits: the 32-byte SHA-256 key of §18.5.1.2). The line is split at the
 * first colon, so passwords may contain colons and names may not. A plain password that happens to
 * look like {@code 0x} followed by 32 or 64 hex digits is read as a key, as coturn does.
 */
public record StaticUserEntry(String name, Secret secret) {

  /** What the configuration gave for a user. */
  public sealed interface Secret {}

  /** A plain password, still to be turned into keys. */
  public record Password(SecretBytes password) implements Secret {}

  /** A key already derived for the realm; {@code key()} returns a copy. */
  public record PrecomputedKey(byte[] key) implements Secret {
    public PrecomputedKey {
      key = key.clone();
    }

    @Override
    public byte[] key() {
      return key.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof PrecomputedKey that && java.util.Arrays.equals(key, that.key);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(key);
    }

    @Override
    public String toString() {
      return "PrecomputedKey[" + key.length + " bytes redacted]";
    }
  }

  /** The result of parsing one configuration line. */
  public sealed interface Parsed {}

  /** The line described a user. */
  public record Ok(StaticUserEntry entry) implements Parsed {}

  /** The line was refused; {@code message} says why without echoing the secret. */
  public record Error(String message) implements Parsed {}

  public static final int MD5_KEY_BYTES = 16;
  public static final int SHA256_KEY_BYTES = 32;

  /** Parses {@code name:password} or {@code name:0xHEX}. */
  public static Parsed parse(String line) {
    int colon = line.indexOf(':');
    if (colon < 0) {
      return new Error("expected name:password or name:0xHEXKEY, found no ':'");
    }
    String name = line.substring(0, colon);
    String secret = line.substring(colon + 1);
    if (name.isEmpty()) {
      return new Error("empty user name");
    }
    if (FieldValidator.username(name.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        instanceof FieldCheck.Invalid invalid) {
      return new Error("user name '" + name + "' is not a valid USERNAME: " + invalid.problem());
    }
    if (secret.isEmpty()) {
      return new Error("user '" + name + "' has an empty password");
    }
    if (secret.startsWith("0x") || secret.startsWith("0X")) {
      String hex = secret.substring(2);
      if (hex.length() != 2 * MD5_KEY_BYTES && hex.length() != 2 * SHA256_KEY_BYTES) {
        return new Error(
            "user '"
                + name
                + "': a 0x key needs 32 hex digits (MD5) or 64 (SHA-256), found "
                + hex.length());
      }
      if (!hex.chars().allMatch(StaticUserEntry::isAsciiHex)) {
        return new Error("user '" + name + "': the 0x key contains a character that is not hex");
      }
      return new Ok(new StaticUserEntry(name, new PrecomputedKey(HexFormat.of().parseHex(hex))));
    }
    return new Ok(new StaticUserEntry(name, new Password(SecretBytes.ofUtf8(secret))));
  }

  private static boolean isAsciiHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}

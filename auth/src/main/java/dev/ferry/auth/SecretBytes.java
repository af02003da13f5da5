package dev.ferry.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/** Holds secret material (a password, a shared secret) so that it never shows up in logs. */
public final class SecretBytes {
  private final byte[] bytes;

  private SecretBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Copies {@code bytes}; the caller may wipe its array afterwards. */
  public static SecretBytes of(byte[] bytes) {
    return new SecretBytes(bytes.clone());
  }

  /** Encodes {@code text} as UTF-8. */
  public static SecretBytes ofUtf8(String text) {
    return new SecretBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Encodes {@code chars} as UTF-8 without creating an intermediate String. */
  public static SecretBytes ofUtf8(char[] chars) {
    var buffer = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(chars));
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    Arrays.fill(buffer.array(), (byte) 0);
    return new SecretBytes(out);
  }

  /** A copy of the secret bytes; wipe it when done if you can. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The secret decoded as UTF-8, for APIs that only take strings (key derivation). */
  public String utf8() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  public int length() {
    return bytes.length;
  }

  /** Overwrites the secret with zeros; the holder is useless afterwards. */
  public void wipe() {
    Arrays.fill(bytes, (byte) 0);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SecretBytes that && MessageDigest.isEqual(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "SecretBytes[redacted]";
  }
}

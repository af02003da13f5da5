package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;

/** USERHASH: SHA-256 of username ":" realm, for username anonymity (RFC 8489 §14.4). */
public final class UserHashAttribute {
  /** Value length in bytes. */
  public static final int LENGTH = 32;

  private UserHashAttribute() {}

  /** A copy of the 32-byte hash, or null if absent or of another length. */
  public static byte[] read(StunMessage message) {
    return AttributeCodec.readFixedBytes(message, AttributeType.USERHASH, LENGTH);
  }

  /** Appends {@code hash} (32 bytes). */
  public static void write(StunWriter writer, byte[] hash) {
    if (hash.length != LENGTH) {
      throw new IllegalArgumentException("USERHASH must be 32 bytes: " + hash.length);
    }
    writer.attribute(AttributeType.USERHASH, hash);
  }
}

package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;

/** LIFETIME: requested or granted allocation lifetime in seconds (RFC 8656 §18.2). */
public final class Lifetime {
  private Lifetime() {}

  /** Seconds (unsigned 32-bit), or -1 if absent or not 4 bytes. */
  public static long read(StunMessage message) {
    return AttributeCodec.readUnsignedInt(message, AttributeType.LIFETIME);
  }

  /** Appends {@code seconds} (0..2^32-1). */
  public static void write(StunWriter writer, long seconds) {
    if (seconds < 0 || seconds > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("lifetime out of range: " + seconds);
    }
    writer.attributeInt(AttributeType.LIFETIME, (int) seconds);
  }
}

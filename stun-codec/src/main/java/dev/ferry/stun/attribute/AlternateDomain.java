package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;

/** ALTERNATE-DOMAIN: the TLS name of an ALTERNATE-SERVER (RFC 8489 §14.16). */
public final class AlternateDomain {
  /** Most characters (code points) a sender may use. */
  public static final int MAX_CHARS = 255;

  /** Most UTF-8 bytes a reader accepts. */
  public static final int MAX_BYTES = AttributeCodec.MAX_TEXT_BYTES;

  private AlternateDomain() {}

  /**
   * The first visible value as text, or null if absent, longer than {@link #MAX_BYTES} or not
   * UTF-8.
   */
  public static String read(StunMessage message) {
    return AttributeCodec.readText(message, AttributeType.ALTERNATE_DOMAIN, MAX_BYTES);
  }

  /** Appends {@code text}; longer than {@link #MAX_CHARS} characters is a caller bug. */
  public static void write(StunWriter writer, String text) {
    AttributeCodec.writeText(writer, AttributeType.ALTERNATE_DOMAIN, text, MAX_CHARS, MAX_BYTES);
  }
}

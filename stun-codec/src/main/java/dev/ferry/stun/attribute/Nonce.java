package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;

/** NONCE: the server's nonce for long-term credentials (RFC 8489 §14.10). */
public final class Nonce {
  /** Most characters (code points) a sender may use. */
  public static final int MAX_CHARS = 127;

  /** Most UTF-8 bytes a reader accepts. */
  public static final int MAX_BYTES = AttributeCodec.MAX_TEXT_BYTES;

  private Nonce() {}

  /**
   * The first visible value as text, or null if absent, longer than {@link #MAX_BYTES} or not
   * UTF-8.
   */
  public static String read(StunMessage message) {
    return AttributeCodec.readText(message, AttributeType.NONCE, MAX_BYTES);
  }

  /** Appends {@code text}; longer than {@link #MAX_CHARS} characters is a caller bug. */
  public static void write(StunWriter writer, String text) {
    AttributeCodec.writeText(writer, AttributeType.NONCE, text, MAX_CHARS, MAX_BYTES);
  }
}

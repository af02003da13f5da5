package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;

/** SOFTWARE: the agent's software name and version (RFC 8489 §14.14). */
public final class Software {
  /** Most characters (code points) a sender may use. */
  public static final int MAX_CHARS = 127;

  /** Most UTF-8 bytes a reader accepts. */
  public static final int MAX_BYTES = AttributeCodec.MAX_TEXT_BYTES;

  private Software() {}

  /**
   * The first visible value as text, or null if absent, longer than {@link #MAX_BYTES} or not
   * UTF-8.
   */
  public static String read(StunMessage message) {
    return AttributeCodec.readText(message, AttributeType.SOFTWARE, MAX_BYTES);
  }

  /** Appends {@code text}; longer than {@link #MAX_CHARS} characters is a caller bug. */
  public static void write(StunWriter writer, String text) {
    AttributeCodec.writeText(writer, AttributeType.SOFTWARE, text, MAX_CHARS, MAX_BYTES);
  }

  /**
   * The UTF-8 bytes of {@code text}, checked as {@link #write(StunWriter, String)} would: encode a
   * fixed server name once and write it with {@link #write(StunWriter, byte[])}.
   */
  public static byte[] encode(String text) {
    return AttributeCodec.encodeText(AttributeType.SOFTWARE, text, MAX_CHARS, MAX_BYTES);
  }

  /**
   * Appends already-encoded text without re-encoding it; bytes that are not UTF-8 or exceed {@link
   * #MAX_CHARS} characters are a caller bug.
   */
  public static void write(StunWriter writer, byte[] utf8) {
    AttributeCodec.writeEncodedText(writer, AttributeType.SOFTWARE, utf8, MAX_CHARS, MAX_BYTES);
  }
}

package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;

/** USERNAME: the user and password context of a request (RFC 8489 §14.3). */
public final class Username {
  /** Most UTF-8 bytes a sender may use ("fewer than 509 bytes"). */
  public static final int MAX_SEND_BYTES = 508;

  /** Most UTF-8 bytes a reader accepts. */
  public static final int MAX_BYTES = AttributeCodec.MAX_TEXT_BYTES;

  private Username() {}

  /**
   * The first visible value as text, or null if absent, longer than {@link #MAX_BYTES} or not
   * UTF-8.
   */
  public static String read(StunMessage message) {
    return AttributeCodec.readText(message, AttributeType.USERNAME, MAX_BYTES);
  }

  /** Appends {@code username}; more than {@link #MAX_SEND_BYTES} bytes is a caller bug. */
  public static void write(StunWriter writer, String username) {
    AttributeCodec.writeText(
        writer, AttributeType.USERNAME, username, Integer.MAX_VALUE, MAX_SEND_BYTES);
  }
}

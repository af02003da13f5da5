package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;

/** THIRD-PARTY-AUTHORIZATION: the OAuth authorization server name sent in a 401 (RFC 7635 §6.1). */
public final class ThirdPartyAuthorization {
  /** Most characters (code points) a sender may use. */
  public static final int MAX_CHARS = 255;

  /** Most UTF-8 bytes a reader accepts. */
  public static final int MAX_BYTES = AttributeCodec.MAX_TEXT_BYTES;

  private ThirdPartyAuthorization() {}

  /**
   * The first visible value as text, or null if absent, longer than {@link #MAX_BYTES} or not
   * UTF-8.
   */
  public static String read(StunMessage message) {
    return AttributeCodec.readText(message, AttributeType.THIRD_PARTY_AUTHORIZATION, MAX_BYTES);
  }

  /** Appends {@code text}; longer than {@link #MAX_CHARS} characters is a caller bug. */
  public static void write(StunWriter writer, String text) {
    AttributeCodec.writeText(
        writer, AttributeType.THIRD_PARTY_AUTHORIZATION, text, MAX_CHARS, MAX_BYTES);
  }
}

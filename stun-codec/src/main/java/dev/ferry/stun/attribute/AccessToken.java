package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import io.netty.buffer.ByteBuf;

/**
 * ACCESS-TOKEN: an OAuth self-contained token (RFC 7635 §6.2), split into its nonce and its
 * AEAD-encrypted block; decrypting is the auth module's job. Parse only.
 */
public final class AccessToken {
  /** The parts of a token, as slices of the message (no copy, not retained). */
  public record Value(ByteBuf nonce, ByteBuf encryptedBlock) {}

  private AccessToken() {}

  /** The parts, or null if absent or the nonce length overruns the value. */
  public static Value read(StunMessage message) {
    int i = message.indexOf(AttributeType.ACCESS_TOKEN);
    if (i < 0 || message.valueLengthAt(i) < 2) {
      return null;
    }
    ByteBuf buf = message.buffer();
    int off = message.valueOffsetAt(i);
    int len = message.valueLengthAt(i);
    int nonceLength = buf.getUnsignedShort(off);
    if (nonceLength > len - 2) {
      return null;
    }
    return new Value(
        buf.slice(off + 2, nonceLength), buf.slice(off + 2 + nonceLength, len - 2 - nonceLength));
  }
}

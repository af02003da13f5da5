package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;
import io.netty.buffer.ByteBuf;

/** PASSWORD-ALGORITHM: the algorithm a client chose for its key (RFC 8489 §14.12). */
public final class PasswordAlgorithmAttribute {
  private PasswordAlgorithmAttribute() {}

  /**
   * The algorithm code (see {@code dev.ferry.stun.integrity.PasswordAlgorithm}), or -1 if absent or
   * the parameters length does not match the value length.
   */
  public static int read(StunMessage message) {
    int i = message.indexOf(AttributeType.PASSWORD_ALGORITHM);
    if (i < 0 || message.valueLengthAt(i) < 4) {
      return -1;
    }
    ByteBuf buf = message.buffer();
    int off = message.valueOffsetAt(i);
    int paramsLength = buf.getUnsignedShort(off + 2);
    if (4 + paramsLength != message.valueLengthAt(i)) {
      return -1;
    }
    return buf.getUnsignedShort(off);
  }

  /** Appends {@code algorithm} with empty parameters (true of MD5 and SHA-256). */
  public static void write(StunWriter writer, int algorithm) {
    writer.attributeInt(AttributeType.PASSWORD_ALGORITHM, (algorithm & 0xFFFF) << 16);
  }
}

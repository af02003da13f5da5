package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;
import io.netty.buffer.ByteBuf;

/** PASSWORD-ALGORITHMS: the algorithms a server offers, in preference order (RFC 8489 §14.11). */
public final class PasswordAlgorithms {
  private PasswordAlgorithms() {}

  /**
   * Copies the algorithm codes into {@code out} (up to its length) and returns how many the
   * attribute lists, or -1 if absent or malformed (an entry's padded parameters overrun the value).
   */
  public static int read(StunMessage message, int[] out) {
    int i = message.indexOf(AttributeType.PASSWORD_ALGORITHMS);
    if (i < 0) {
      return -1;
    }
    ByteBuf buf = message.buffer();
    int pos = message.valueOffsetAt(i);
    int end = pos + message.valueLengthAt(i);
    int n = 0;
    while (pos < end) {
      if (end - pos < 4) {
        return -1;
      }
      int algorithm = buf.getUnsignedShort(pos);
      int paddedParams = (buf.getUnsignedShort(pos + 2) + 3) & ~3;
      if (paddedParams > end - pos - 4) {
        return -1;
      }
      if (n < out.length) {
        out[n] = algorithm;
      }
      n++;
      pos += 4 + paddedParams;
    }
    return n;
  }

  /** Appends {@code algorithms}, each with empty parameters. */
  public static void write(StunWriter writer, int... algorithms) {
    int at = writer.openAttribute(AttributeType.PASSWORD_ALGORITHMS);
    ByteBuf out = writer.buffer();
    for (int algorithm : algorithms) {
      out.writeShort(algorithm);
      out.writeShort(0);
    }
    writer.closeAttribute(at);
  }
}

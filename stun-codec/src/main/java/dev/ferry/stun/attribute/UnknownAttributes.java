package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;
import io.netty.buffer.ByteBuf;

/** UNKNOWN-ATTRIBUTES: the types a 420 response did not understand (RFC 8489 §14.13). */
public final class UnknownAttributes {
  private UnknownAttributes() {}

  /**
   * Copies the listed types into {@code out} (up to its length) and returns how many the attribute
   * lists, or -1 if absent or its length is odd.
   */
  public static int read(StunMessage message, int[] out) {
    int i = message.indexOf(AttributeType.UNKNOWN_ATTRIBUTES);
    if (i < 0 || (message.valueLengthAt(i) & 1) != 0) {
      return -1;
    }
    ByteBuf buf = message.buffer();
    int off = message.valueOffsetAt(i);
    int n = message.valueLengthAt(i) / 2;
    for (int k = 0; k < n && k < out.length; k++) {
      out[k] = buf.getUnsignedShort(off + 2 * k);
    }
    return n;
  }

  /** Appends the first {@code count} types of {@code types}. */
  public static void write(StunWriter writer, int[] types, int count) {
    int at = writer.openAttribute(AttributeType.UNKNOWN_ATTRIBUTES);
    ByteBuf out = writer.buffer();
    for (int k = 0; k < count; k++) {
      out.writeShort(types[k]);
    }
    writer.closeAttribute(at);
  }
}

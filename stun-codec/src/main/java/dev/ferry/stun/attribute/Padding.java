package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;

/** PADDING: filler for NAT-discovery MTU tests; its value is meaningless (RFC 5780 §7.6). */
public final class Padding {
  private Padding() {}

  /** Value length of the first PADDING, or -1 if absent. */
  public static int read(StunMessage message) {
    int i = message.indexOf(AttributeType.PADDING);
    return i < 0 ? -1 : message.valueLengthAt(i);
  }

  /** Appends {@code length} zero bytes of padding. */
  public static void write(StunWriter writer, int length) {
    writer.attribute(AttributeType.PADDING, new byte[length]);
  }
}

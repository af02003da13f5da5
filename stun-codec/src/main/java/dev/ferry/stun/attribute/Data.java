package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;
import io.netty.buffer.ByteBuf;

/** DATA: the application payload of a Send or Data indication (RFC 8656 §18.4). */
public final class Data {
  private Data() {}

  /** A slice (no copy, not retained; may be empty) of the first DATA value, or null if absent. */
  public static ByteBuf read(StunMessage message) {
    return message.attributeValue(AttributeType.DATA);
  }

  /** Appends the readable bytes of {@code payload} without moving its indices. */
  public static void write(StunWriter writer, ByteBuf payload) {
    writer.attribute(AttributeType.DATA, payload);
  }
}

package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;
import io.netty.buffer.ByteBuf;

/** ICMP: the ICMP type, code and data that made the relay drop a packet (RFC 8656 §18.13). */
public final class Icmp {
  /** Value length in bytes. */
  public static final int LENGTH = 8;

  /** A decoded ICMP attribute. */
  public record Value(int icmpType, int icmpCode, long errorData) {}

  private Icmp() {}

  /** The decoded value, or null if absent or not 8 bytes. */
  public static Value read(StunMessage message) {
    int i = message.indexOf(AttributeType.ICMP);
    if (i < 0 || message.valueLengthAt(i) != LENGTH) {
      return null;
    }
    ByteBuf buf = message.buffer();
    int off = message.valueOffsetAt(i);
    return new Value(
        buf.getUnsignedByte(off + 2), buf.getUnsignedByte(off + 3), buf.getUnsignedInt(off + 4));
  }

  /** Appends type, code and error data (e.g. the next-hop MTU). */
  public static void write(StunWriter writer, int icmpType, int icmpCode, long errorData) {
    int at = writer.openAttribute(AttributeType.ICMP);
    ByteBuf out = writer.buffer();
    out.writeShort(0);
    out.writeByte(icmpType);
    out.writeByte(icmpCode);
    out.writeInt((int) errorData);
    writer.closeAttribute(at);
  }
}

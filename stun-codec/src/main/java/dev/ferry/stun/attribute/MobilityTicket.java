package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;
import io.netty.buffer.ByteBuf;

/**
 * MOBILITY-TICKET: an opaque ticket that lets an allocation move to a new 5-tuple (RFC 8016 §3).
 */
public final class MobilityTicket {
  private MobilityTicket() {}

  /** A slice (no copy; empty means "please issue one") of the first value, or null if absent. */
  public static ByteBuf read(StunMessage message) {
    return message.attributeValue(AttributeType.MOBILITY_TICKET);
  }

  /** Appends {@code ticket} (empty to request one). */
  public static void write(StunWriter writer, byte[] ticket) {
    writer.attribute(AttributeType.MOBILITY_TICKET, ticket);
  }
}

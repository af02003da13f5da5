package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;

/** REQUESTED-TRANSPORT: the IP protocol of the relayed transport (RFC 8656 §18.7, RFC 6062). */
public final class RequestedTransport {
  /** IANA protocol number of UDP. */
  public static final int UDP = 17;

  /** IANA protocol number of TCP (RFC 6062). */
  public static final int TCP = 6;

  private RequestedTransport() {}

  /** The protocol number (0..255), or -1 if absent or not 4 bytes. */
  public static int read(StunMessage message) {
    int i = message.indexOf(AttributeType.REQUESTED_TRANSPORT);
    if (i < 0 || message.valueLengthAt(i) != 4) {
      return -1;
    }
    return message.buffer().getUnsignedByte(message.valueOffsetAt(i));
  }

  /** Appends {@code protocol} followed by three zero RFFU bytes. */
  public static void write(StunWriter writer, int protocol) {
    writer.attributeInt(AttributeType.REQUESTED_TRANSPORT, (protocol & 0xFF) << 24);
  }
}

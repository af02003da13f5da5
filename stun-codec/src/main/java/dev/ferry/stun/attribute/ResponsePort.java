package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;

/** RESPONSE-PORT: the port a NAT-discovery response should go to (RFC 5780 §7.5). */
public final class ResponsePort {
  private ResponsePort() {}

  /** The port (0..65535), or -1 if absent or not 4 bytes. */
  public static int read(StunMessage message) {
    int i = message.indexOf(AttributeType.RESPONSE_PORT);
    if (i < 0 || message.valueLengthAt(i) != 4) {
      return -1;
    }
    return message.buffer().getUnsignedShort(message.valueOffsetAt(i));
  }

  /** Appends {@code port} followed by two zero bytes. */
  public static void write(StunWriter writer, int port) {
    writer.attributeInt(AttributeType.RESPONSE_PORT, (port & 0xFFFF) << 16);
  }
}

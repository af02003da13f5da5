package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;

/** REQUESTED-ADDRESS-FAMILY: the family of the relayed address to allocate (RFC 8656 §18.8). */
public final class RequestedAddressFamily {
  private RequestedAddressFamily() {}

  /**
   * The family byte as sent (0x01 IPv4, 0x02 IPv6, other values are the server's 440 to give), or
   * -1 if absent or not 4 bytes.
   */
  public static int read(StunMessage message) {
    int i = message.indexOf(AttributeType.REQUESTED_ADDRESS_FAMILY);
    if (i < 0 || message.valueLengthAt(i) != 4) {
      return -1;
    }
    return message.buffer().getUnsignedByte(message.valueOffsetAt(i));
  }

  /** Appends {@code family} ({@link AddressFamily}) followed by three zero RFFU bytes. */
  public static void write(StunWriter writer, int family) {
    writer.attributeInt(AttributeType.REQUESTED_ADDRESS_FAMILY, (family & 0xFF) << 24);
  }
}

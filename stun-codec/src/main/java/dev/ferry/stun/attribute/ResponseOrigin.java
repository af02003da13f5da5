package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;
import java.net.InetSocketAddress;

/** RESPONSE-ORIGIN: the address a NAT-discovery response was sent from (RFC 5780 §7.3). */
public final class ResponseOrigin {
  private ResponseOrigin() {}

  /** The first visible value, or null if absent or malformed. */
  public static InetSocketAddress read(StunMessage message) {
    return AttributeCodec.readAddress(message, AttributeType.RESPONSE_ORIGIN, false);
  }

  /**
   * The value of the attribute at {@code index} (see {@link StunMessage#indexOf(int, int)} to walk
   * repeated attributes), or null if that attribute is not this type or is malformed.
   */
  public static InetSocketAddress read(StunMessage message, int index) {
    return AttributeCodec.readAddressAt(message, index, AttributeType.RESPONSE_ORIGIN, false);
  }

  /** Appends the attribute for {@code address} (IPv4 or IPv6). */
  public static void write(StunWriter writer, InetSocketAddress address) {
    AttributeCodec.writeAddress(writer, AttributeType.RESPONSE_ORIGIN, address, false);
  }
}

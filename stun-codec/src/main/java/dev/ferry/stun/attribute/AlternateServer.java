package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;
import java.net.InetSocketAddress;

/** ALTERNATE-SERVER: where a 300 Try Alternate sends the client (RFC 8489 §14.15). */
public final class AlternateServer {
  private AlternateServer() {}

  /** The first visible value, or null if absent or malformed. */
  public static InetSocketAddress read(StunMessage message) {
    return AttributeCodec.readAddress(message, AttributeType.ALTERNATE_SERVER, false);
  }

  /**
   * The value of the attribute at {@code index} (see {@link StunMessage#indexOf(int, int)} to walk
   * repeated attributes), or null if that attribute is not this type or is malformed.
   */
  public static InetSocketAddress read(StunMessage message, int index) {
    return AttributeCodec.readAddressAt(message, index, AttributeType.ALTERNATE_SERVER, false);
  }

  /** Appends the attribute for {@code address} (IPv4 or IPv6). */
  public static void write(StunWriter writer, InetSocketAddress address) {
    AttributeCodec.writeAddress(writer, AttributeType.ALTERNATE_SERVER, address, false);
  }
}

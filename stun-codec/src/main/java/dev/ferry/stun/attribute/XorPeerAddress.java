package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;
import java.net.InetSocketAddress;

/** XOR-PEER-ADDRESS: a peer's address as seen from the relay (RFC 8656 §18.3). */
public final class XorPeerAddress {
  private XorPeerAddress() {}

  /** The first visible value, or null if absent or malformed. */
  public static InetSocketAddress read(StunMessage message) {
    return AttributeCodec.readAddress(message, AttributeType.XOR_PEER_ADDRESS, true);
  }

  /**
   * The value of the attribute at {@code index} (see {@link StunMessage#indexOf(int, int)} to walk
   * repeated attributes), or null if that attribute is not this type or is malformed.
   */
  public static InetSocketAddress read(StunMessage message, int index) {
    return AttributeCodec.readAddressAt(message, index, AttributeType.XOR_PEER_ADDRESS, true);
  }

  /** Appends the attribute for {@code address} (IPv4 or IPv6). */
  public static void write(StunWriter writer, InetSocketAddress address) {
    AttributeCodec.writeAddress(writer, AttributeType.XOR_PEER_ADDRESS, address, true);
  }

  /**
   * Appends the attribute for an IPv4 {@code address} given as its 32 bits in network order
   * (192.0.2.1 is 0xC0000201); allocation-free.
   */
  public static void writeIpv4(StunWriter writer, int address, int port) {
    AttributeCodec.writeIpv4(writer, AttributeType.XOR_PEER_ADDRESS, address, port, true);
  }

  /**
   * Appends the attribute for an IPv6 address given as its first ({@code high}) and last ({@code
   * low}) 64 bits in network order; allocation-free.
   */
  public static void writeIpv6(StunWriter writer, long high, long low, int port) {
    AttributeCodec.writeIpv6(writer, AttributeType.XOR_PEER_ADDRESS, high, low, port, true);
  }
}

package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;

/** CONNECTION-ID: names a peer TCP connection of a TCP allocation (RFC 6062 §6.2.1). */
public final class ConnectionId {
  private ConnectionId() {}

  /** The id (unsigned 32-bit), or -1 if absent or not 4 bytes. */
  public static long read(StunMessage message) {
    return AttributeCodec.readUnsignedInt(message, AttributeType.CONNECTION_ID);
  }

  /** Appends {@code id} (0..2^32-1). */
  public static void write(StunWriter writer, long id) {
    if (id < 0 || id > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("connection id out of range: " + id);
    }
    writer.attributeInt(AttributeType.CONNECTION_ID, (int) id);
  }
}

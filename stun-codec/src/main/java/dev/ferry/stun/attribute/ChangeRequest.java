package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;

/**
 * CHANGE-REQUEST: ask a NAT-discovery server to answer from another IP and/or port (RFC 5780 §7.2).
 */
public final class ChangeRequest {
  /** Flag bit: answer from the other IP address. */
  public static final int CHANGE_IP = 0x04;

  /** Flag bit: answer from the other port. */
  public static final int CHANGE_PORT = 0x02;

  private ChangeRequest() {}

  /** The flags ({@link #CHANGE_IP} | {@link #CHANGE_PORT}), or -1 if absent or not 4 bytes. */
  public static int read(StunMessage message) {
    int i = message.indexOf(AttributeType.CHANGE_REQUEST);
    if (i < 0 || message.valueLengthAt(i) != 4) {
      return -1;
    }
    return message.buffer().getInt(message.valueOffsetAt(i)) & (CHANGE_IP | CHANGE_PORT);
  }

  /** Appends the flags. */
  public static void write(StunWriter writer, boolean changeIp, boolean changePort) {
    writer.attributeInt(
        AttributeType.CHANGE_REQUEST, (changeIp ? CHANGE_IP : 0) | (changePort ? CHANGE_PORT : 0));
  }
}

package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;
import dev.ferry.stun.channel.ChannelNumbers;

/**
 * CHANNEL-NUMBER: the channel a ChannelBind names (RFC 8656 §18.1); range checks are the server's.
 */
public final class ChannelNumber {
  /** First valid channel number (RFC 5766 §11); the same as {@link ChannelNumbers#MIN}. */
  public static final int MIN = ChannelNumbers.MIN;

  /** Last channel number a server accepts (RFC 5766 §11.2); {@link ChannelNumbers#MAX}. */
  public static final int MAX = ChannelNumbers.MAX;

  private ChannelNumber() {}

  /** The channel number (0..65535), or -1 if absent or not 4 bytes. */
  public static int read(StunMessage message) {
    int i = message.indexOf(AttributeType.CHANNEL_NUMBER);
    if (i < 0 || message.valueLengthAt(i) != 4) {
      return -1;
    }
    return message.buffer().getUnsignedShort(message.valueOffsetAt(i));
  }

  /**
   * True if {@code channel} is within {@link #MIN}..{@link #MAX}: {@link ChannelNumbers#isValid}.
   */
  public static boolean isValid(int channel) {
    return ChannelNumbers.isValid(channel);
  }

  /** Appends {@code channel} followed by two zero RFFU bytes. */
  public static void write(StunWriter writer, int channel) {
    writer.attributeInt(AttributeType.CHANNEL_NUMBER, (channel & 0xFFFF) << 16);
  }
}

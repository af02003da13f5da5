package dev.ferry.stun.stream;

import dev.ferry.stun.channel.ChannelData;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;

/** Builds wire bytes of STUN and ChannelData frames for the frame decoder tests. */
final class Frames {

  private Frames() {}

  /**
   * A STUN message of a 20-byte header plus {@code bodyLength} body bytes. Only the framing fields
   * matter here; the body bytes are filled with {@code fill} so frames can be told apart.
   */
  static byte[] stun(int type, int bodyLength, byte fill) {
    byte[] frame = new byte[20 + bodyLength];
    frame[0] = (byte) (type >>> 8);
    frame[1] = (byte) type;
    frame[2] = (byte) (bodyLength >>> 8);
    frame[3] = (byte) bodyLength;
    frame[4] = 0x21;
    frame[5] = 0x12;
    frame[6] = (byte) 0xA4;
    frame[7] = 0x42;
    for (int i = 8; i < frame.length; i++) {
      frame[i] = fill;
    }
    return frame;
  }

  /** A ChannelData message without padding: what the decoder emits. */
  static byte[] channelData(int channel, int payloadLength, byte fill) {
    byte[] frame = new byte[ChannelData.HEADER_LENGTH + payloadLength];
    frame[0] = (byte) (channel >>> 8);
    frame[1] = (byte) channel;
    frame[2] = (byte) (payloadLength >>> 8);
    frame[3] = (byte) payloadLength;
    for (int i = 4; i < frame.length; i++) {
      frame[i] = fill;
    }
    return frame;
  }

  /**
   * The same ChannelData message padded with zeros to a multiple of four: what a stream carries.
   */
  static byte[] paddedChannelData(int channel, int payloadLength, byte fill) {
    byte[] frame = new byte[ChannelData.paddedLength(payloadLength)];
    byte[] unpadded = channelData(channel, payloadLength, fill);
    System.arraycopy(unpadded, 0, frame, 0, unpadded.length);
    return frame;
  }

  /**
   * A test channel whose allocator is pooled, as on a server, so each retained slice the decoder
   * emits carries its own reference count and {@code release()} reports when it was the last one.
   */
  static EmbeddedChannel channel(ChannelHandler... handlers) {
    EmbeddedChannel channel = new EmbeddedChannel(handlers);
    channel.config().setAllocator(PooledByteBufAllocator.DEFAULT);
    return channel;
  }

  /**
   * Copies {@code length} bytes from {@code offset} into a pooled buffer, as a socket read would.
   */
  static ByteBuf pooled(byte[] bytes, int offset, int length) {
    return PooledByteBufAllocator.DEFAULT.buffer(length).writeBytes(bytes, offset, length);
  }

  static ByteBuf pooled(byte[] bytes) {
    return pooled(bytes, 0, bytes.length);
  }

  static byte[] concat(byte[]... parts) {
    int total = 0;
    for (byte[] part : parts) {
      total += part.length;
    }
    byte[] all = new byte[total];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }
}

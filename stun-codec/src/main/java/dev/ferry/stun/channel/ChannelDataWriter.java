package dev.ferry.stun.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Builds ChannelData messages (RFC 8656 §12.4, §12.5) either as one copied buffer or as a composite
 * that shares the payload, so the relay can pick whichever measures faster.
 *
 * <p>Arguments come from the server's own channel table, not from the wire, so a bad channel number
 * or an oversize payload is a bug and throws {@link IllegalArgumentException}. No method changes
 * the payload's indices or reference count except where documented.
 */
public final class ChannelDataWriter {

  /** Zero bytes for stream padding; never released, so slices of it are safe to hand out. */
  private static final ByteBuf ZERO_PADDING =
      Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[3]).asReadOnly());

  private ChannelDataWriter() {}

  /** Appends the 4-byte header for a payload of {@code payloadLength} bytes. */
  public static void writeHeader(ByteBuf out, int channelNumber, int payloadLength) {
    checkArguments(channelNumber, payloadLength);
    out.writeShort(channelNumber);
    out.writeShort(payloadLength);
  }

  /**
   * Appends a whole message carrying {@code payload}'s readable bytes, padded when {@code framing}
   * is {@link Framing#STREAM}.
   */
  public static void writeMessage(
      ByteBuf out, int channelNumber, ByteBuf payload, Framing framing) {
    int length = payload.readableBytes();
    writeHeader(out, channelNumber, length);
    out.writeBytes(payload, payload.readerIndex(), length);
    if (framing == Framing.STREAM) {
      out.writeZero(ChannelData.paddingLength(length));
    }
  }

  /**
   * Returns a new buffer from {@code alloc} holding the message with one copy of the payload. The
   * caller owns the result.
   */
  public static ByteBuf copy(
      ByteBufAllocator alloc, int channelNumber, ByteBuf payload, Framing framing) {
    int length = payload.readableBytes();
    checkArguments(channelNumber, length);
    int size =
        framing == Framing.STREAM
            ? ChannelData.paddedLength(length)
            : ChannelData.HEADER_LENGTH + length;
    ByteBuf out = alloc.buffer(size, size);
    writeMessage(out, channelNumber, payload, framing);
    return out;
  }

  /**
   * Returns a composite of a fresh 4-byte header, a retained slice of {@code payload} and, on
   * {@link Framing#STREAM}, shared zero padding; the payload bytes are not copied. The caller owns
   * the result and keeps its own reference to {@code payload}.
   */
  public static CompositeByteBuf composite(
      ByteBufAllocator alloc, int channelNumber, ByteBuf payload, Framing framing) {
    int length = payload.readableBytes();
    checkArguments(channelNumber, length);
    int padding = framing == Framing.STREAM ? ChannelData.paddingLength(length) : 0;
    ByteBuf header = alloc.buffer(ChannelData.HEADER_LENGTH, ChannelData.HEADER_LENGTH);
    header.writeShort(channelNumber);
    header.writeShort(length);
    CompositeByteBuf out = alloc.compositeBuffer(padding == 0 ? 2 : 3);
    out.addComponent(true, header);
    out.addComponent(true, payload.retainedSlice());
    if (padding != 0) {
      out.addComponent(true, ZERO_PADDING.slice(0, padding));
    }
    return out;
  }

  private static void checkArguments(int channelNumber, int payloadLength) {
    if (!ChannelNumbers.isValid(channelNumber)) {
      throw new IllegalArgumentException(
          "channel number out of range: 0x" + Integer.toHexString(channelNumber));
    }
    if (payloadLength < 0 || payloadLength > ChannelData.MAX_PAYLOAD_LENGTH) {
      throw new IllegalArgumentException("payload length out of range: " + payloadLength);
    }
  }
}

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

  /**
   * Shared zero padding of 1, 2 and 3 bytes, indexed by length. Unreleasable, so any number of
   * composites can hold them; direct, so a composite of direct parts stays direct and Netty's
   * transports write it without first copying it into one direct buffer. Never written to.
   */
  private static final ByteBuf[] ZERO_PADDING = {
    Unpooled.EMPTY_BUFFER, zeros(1), zeros(2), zeros(3),
  };

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
   * Returns a composite of a fresh 4-byte header from {@code alloc}, a retained slice of {@code
   * payload} and, on {@link Framing#STREAM}, shared zero padding; the payload bytes are not copied.
   * The composite object itself is a per-call allocation; a stream transport that can write header
   * and payload as two messages avoids even that. The caller owns the result and keeps its own
   * reference to {@code payload}.
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
      out.addComponent(true, ZERO_PADDING[padding]);
    }
    return out;
  }

  private static ByteBuf zeros(int length) {
    return Unpooled.unreleasableBuffer(Unpooled.directBuffer(length, length).writeZero(length));
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

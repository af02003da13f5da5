package dev.ferry.stun.stream;

import dev.ferry.stun.channel.ChannelData;
import dev.ferry.stun.demux.FirstByteDemux;
import dev.ferry.stun.demux.PacketKind;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts a TCP or TLS byte stream into whole STUN messages and ChannelData messages, because a stream
 * has no datagram boundaries (RFC 8489 §6.2.2, RFC 8656 §12.5 and Table 3).
 *
 * <p>The first byte of each frame decides its shape, by the same table as {@link FirstByteDemux}:
 * 0x00-0x03 is a STUN message of 20 + Length bytes, 0x40-0x7F is a ChannelData message of 4 +
 * Length bytes followed by padding to a multiple of four. Each frame is emitted as one retained
 * slice of the input that the next handler must release. <b>ChannelData frames are emitted without
 * their padding</b> (exactly 4 + Length bytes): the decoder waits for the padding and skips it, so
 * downstream code reads stream and datagram ChannelData the same way (with {@link
 * dev.ferry.stun.channel.Framing#DATAGRAM}).
 *
 * <p>The decoder only frames; it does not validate STUN contents (cookie, attribute layout) nor the
 * channel number beyond its first byte. A first byte of any other value, or a frame (header plus
 * Length) above the configured maximum, cannot be resynchronised: the decoder discards all further
 * input, fires a {@link FramingError} user event and closes the channel. Oversize frames are
 * rejected as soon as their header arrives, without buffering their body. Input that ends inside a
 * frame fires {@link FramingError.Reason#TRUNCATED_AT_END}.
 *
 * <p>One instance per channel: it keeps state.
 */
public final class StunFrameDecoder extends ByteToMessageDecoder {

  /** The largest ChannelData message (Length 65535) plus its 4-byte header. */
  public static final int DEFAULT_MAX_FRAME_LENGTH = ChannelData.MAX_PAYLOAD_LENGTH + 4;

  /** The STUN header: type, length, magic cookie, transaction ID. */
  static final int STUN_HEADER_LENGTH = 20;

  /** The largest frame the length fields can express: a STUN header plus Length 65535. */
  static final int LARGEST_EXPRESSIBLE_FRAME = STUN_HEADER_LENGTH + 0xFFFF;

  /** Bytes needed to read the Length field of either frame kind (it sits at bytes 2-3). */
  private static final int LENGTH_FIELD_END = 4;

  private final int maxFrameLength;
  private boolean failed;

  /** A decoder that accepts frames up to {@link #DEFAULT_MAX_FRAME_LENGTH} bytes. */
  public StunFrameDecoder() {
    this(DEFAULT_MAX_FRAME_LENGTH);
  }

  /**
   * A decoder that accepts frames (header plus Length, padding excluded) up to {@code
   * maxFrameLength} bytes.
   *
   * @throws IllegalArgumentException if the limit is below a STUN header or above what the length
   *     fields can express
   */
  public StunFrameDecoder(int maxFrameLength) {
    if (maxFrameLength < STUN_HEADER_LENGTH || maxFrameLength > LARGEST_EXPRESSIBLE_FRAME) {
      throw new IllegalArgumentException("maxFrameLength out of range: " + maxFrameLength);
    }
    this.maxFrameLength = maxFrameLength;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (!in.isReadable()) {
      return;
    }
    int start = in.readerIndex();
    int first = in.getUnsignedByte(start);
    PacketKind kind = FirstByteDemux.classify(first);
    int headerLength;
    if (kind == PacketKind.STUN) {
      headerLength = STUN_HEADER_LENGTH;
    } else if (kind == PacketKind.CHANNEL_DATA) {
      headerLength = ChannelData.HEADER_LENGTH;
    } else {
      // DTLS, ZRTP and RTP have no business on a TURN stream, and without a length we know of,
      // the stream cannot be resynchronised.
      fail(ctx, in, FramingError.Reason.UNKNOWN_FIRST_BYTE, first);
      return;
    }
    if (in.readableBytes() < LENGTH_FIELD_END) {
      return;
    }
    int length = in.getUnsignedShort(start + 2);
    int frameLength = headerLength + length;
    if (frameLength > maxFrameLength) {
      fail(ctx, in, FramingError.Reason.FRAME_TOO_LONG, frameLength);
      return;
    }
    int wireLength =
        headerLength == ChannelData.HEADER_LENGTH ? ChannelData.paddedLength(length) : frameLength;
    if (in.readableBytes() < wireLength) {
      return;
    }
    out.add(in.readRetainedSlice(frameLength));
    in.skipBytes(wireLength - frameLength);
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    decode(ctx, in, out);
    if (!failed && in.isReadable()) {
      int discarded = in.readableBytes();
      in.skipBytes(discarded);
      ctx.fireUserEventTriggered(new FramingError(FramingError.Reason.TRUNCATED_AT_END, discarded));
    }
  }

  private void fail(ChannelHandlerContext ctx, ByteBuf in, FramingError.Reason reason, int value) {
    failed = true;
    in.skipBytes(in.readableBytes());
    ctx.fireUserEventTriggered(new FramingError(reason, value));
    ctx.close();
  }
}

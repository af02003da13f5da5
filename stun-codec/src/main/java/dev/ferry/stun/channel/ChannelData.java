package dev.ferry.stun.channel;

import io.netty.buffer.ByteBuf;

/**
 * A reusable, zero-copy view of one ChannelData message inside a Netty buffer (RFC 8656 §12.4), so
 * the relay path can find the channel and payload without allocating.
 *
 * <p>{@link #decode} validates the header against the readable bytes and never moves the buffer's
 * indices, never reads outside its readable range and never throws on hostile bytes. The view
 * neither retains nor releases the buffer: it is valid only while the caller owns the buffer, and
 * {@link #retainedPayload()} is the way to keep the payload beyond that. One instance per event
 * loop is enough; it is not thread-safe.
 */
public final class ChannelData {

  /** Channel Number (2 bytes) and Length (2 bytes). */
  public static final int HEADER_LENGTH = 4;

  /** The Length field is 16 bits. */
  public static final int MAX_PAYLOAD_LENGTH = 0xFFFF;

  private ByteBuf buf;
  private int channelNumber;
  private int payloadOffset;
  private int payloadLength;
  private int frameLength;

  /**
   * Reads the message that starts at {@code buf}'s reader index.
   *
   * <p>On {@link Framing#DATAGRAM} bytes after the payload are ignored (they may be padding); on
   * {@link Framing#STREAM} the padding must be readable, and bytes after it belong to the next
   * message. On any status other than {@link ChannelDataStatus#VALID} the view is cleared.
   */
  public ChannelDataStatus decode(ByteBuf buf, Framing framing) {
    clear();
    int start = buf.readerIndex();
    int readable = buf.readableBytes();
    if (readable < HEADER_LENGTH) {
      return ChannelDataStatus.TOO_SHORT;
    }
    int channel = buf.getUnsignedShort(start);
    if (!ChannelNumbers.isValid(channel)) {
      return ChannelDataStatus.CHANNEL_NUMBER_OUT_OF_RANGE;
    }
    int length = buf.getUnsignedShort(start + 2);
    int unpadded = HEADER_LENGTH + length;
    if (readable < unpadded) {
      return ChannelDataStatus.TRUNCATED;
    }
    int frame = unpadded;
    if (framing == Framing.STREAM) {
      frame = paddedLength(length);
      if (readable < frame) {
        return ChannelDataStatus.MISSING_PADDING;
      }
    }
    this.buf = buf;
    this.channelNumber = channel;
    this.payloadOffset = start + HEADER_LENGTH;
    this.payloadLength = length;
    this.frameLength = frame;
    return ChannelDataStatus.VALID;
  }

  /** Forgets the buffer so the view holds no reference to it. */
  public void clear() {
    buf = null;
    channelNumber = 0;
    payloadOffset = 0;
    payloadLength = 0;
    frameLength = 0;
  }

  /** Whether the last {@link #decode} returned {@link ChannelDataStatus#VALID}. */
  public boolean isValid() {
    return buf != null;
  }

  /** The channel number, always {@link ChannelNumbers#isValid valid} (0x4000-0x7FFE). */
  public int channelNumber() {
    checkValid();
    return channelNumber;
  }

  /** The absolute index of the first payload byte in the decoded buffer. */
  public int payloadOffset() {
    checkValid();
    return payloadOffset;
  }

  /** The Length field: payload bytes, without padding; 0 is valid. */
  public int payloadLength() {
    checkValid();
    return payloadLength;
  }

  /**
   * Bytes this message occupies: header and payload, plus the padding when decoded as {@link
   * Framing#STREAM}. Skipping this many bytes reaches the next message on a stream.
   */
  public int frameLength() {
    checkValid();
    return frameLength;
  }

  /**
   * The payload as a slice sharing the buffer's memory and reference count; use within the call.
   */
  public ByteBuf payload() {
    checkValid();
    return buf.slice(payloadOffset, payloadLength);
  }

  /**
   * The payload as a retained slice, for handing to a write or another thread; the caller must
   * release it.
   */
  public ByteBuf retainedPayload() {
    checkValid();
    return buf.retainedSlice(payloadOffset, payloadLength);
  }

  /** Size of a message with {@code payloadLength} payload bytes once padded to four bytes. */
  public static int paddedLength(int payloadLength) {
    return (HEADER_LENGTH + payloadLength + 3) & ~3;
  }

  /** Number of zero bytes that follow a payload of {@code payloadLength} bytes on a stream. */
  public static int paddingLength(int payloadLength) {
    return -payloadLength & 3;
  }

  private void checkValid() {
    if (buf == null) {
      throw new IllegalStateException("no valid ChannelData decoded");
    }
  }
}

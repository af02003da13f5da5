package dev.ferry.bench.load;

import io.netty.buffer.ByteBuf;

/**
 * The ChannelData frame a load client sends: channel number, length, then a payload that starts
 * with a sequence number and the send time (System.nanoTime) so the echo yields a round trip.
 */
final class Stamp {
  /** Bytes of the payload taken by the sequence number and the timestamp. */
  static final int MIN_PAYLOAD = 16;

  /** ChannelData header bytes (RFC 8656 §12.4). */
  static final int HEADER = 4;

  private Stamp() {}

  /** Writes one frame of {@code payload} payload bytes on {@code channel}. */
  static void write(ByteBuf out, int channel, int payload, long sequence, long sentAtNanos) {
    out.writeShort(channel);
    out.writeShort(payload);
    out.writeLong(sequence);
    out.writeLong(sentAtNanos);
    out.writeZero(payload - MIN_PAYLOAD);
  }

  /**
   * True if the readable bytes are a ChannelData frame on {@code channel} long enough to carry a
   * stamp; the indices are not moved.
   */
  static boolean isStampedFrame(ByteBuf in, int channel) {
    int from = in.readerIndex();
    int readable = in.readableBytes();
    if (readable < HEADER + MIN_PAYLOAD || in.getUnsignedShort(from) != channel) {
      return false;
    }
    int length = in.getUnsignedShort(from + 2);
    return length >= MIN_PAYLOAD && length <= readable - HEADER;
  }

  /** The send time of a frame that passed {@link #isStampedFrame}. */
  static long sentAtNanos(ByteBuf in) {
    return in.getLong(in.readerIndex() + HEADER + 8);
  }

  /** The sequence number of a frame that passed {@link #isStampedFrame}. */
  static long sequence(ByteBuf in) {
    return in.getLong(in.readerIndex() + HEADER);
  }
}

package dev.ferry.bench.load;

import io.netty.buffer.ByteBuf;

/**
 * The ChannelData frame a load client sends: channel number, length, then a payload that starts
 * with a sequence number, the send time (System.nanoTime) so the echo yields a round trip, the send
 * time again in CLOCK_REALTIME and the echo peer's turnaround (both 0 without kernel stamps), so
 * the relay's own share of the round trip can be told apart.
 */
final class Stamp {
  /** Bytes of the payload taken by the sequence number, the two send times and the turnaround. */
  static final int MIN_PAYLOAD = 32;

  private static final int SEQUENCE = 0;
  private static final int SENT_AT = 8;
  private static final int SENT_AT_REALTIME = 16;
  private static final int PEER_TURNAROUND = 24;

  /** ChannelData header bytes (RFC 8656 §12.4). */
  static final int HEADER = 4;

  private Stamp() {}

  /** Writes one frame of {@code payload} payload bytes on {@code channel}. */
  static void write(
      ByteBuf out, int channel, int payload, long sequence, long sentAtNanos, long sentAtRealtime) {
    out.writeShort(channel);
    out.writeShort(payload);
    out.writeLong(sequence);
    out.writeLong(sentAtNanos);
    out.writeLong(sentAtRealtime);
    out.writeLong(0);
    out.writeZero(payload - MIN_PAYLOAD);
  }

  /**
   * The echo peer's side: records in a relayed payload (no ChannelData header) how long the peer
   * held it, if it is long enough to be a stamped payload; the indices are not moved.
   */
  static void setPeerTurnaround(ByteBuf payload, long nanos) {
    if (payload.readableBytes() >= MIN_PAYLOAD) {
      payload.setLong(payload.readerIndex() + PEER_TURNAROUND, nanos);
    }
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
    return in.getLong(in.readerIndex() + HEADER + SENT_AT);
  }

  /** The CLOCK_REALTIME send time of a frame that passed {@link #isStampedFrame}, or 0. */
  static long sentAtRealtime(ByteBuf in) {
    return in.getLong(in.readerIndex() + HEADER + SENT_AT_REALTIME);
  }

  /** How long the echo peer held a frame that passed {@link #isStampedFrame}, or 0. */
  static long peerTurnaround(ByteBuf in) {
    return in.getLong(in.readerIndex() + HEADER + PEER_TURNAROUND);
  }

  /** The sequence number of a frame that passed {@link #isStampedFrame}. */
  static long sequence(ByteBuf in) {
    return in.getLong(in.readerIndex() + HEADER + SEQUENCE);
  }
}

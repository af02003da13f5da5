package dev.ferry.stun.stream;

/**
 * The user event {@link StunFrameDecoder} fires when a stream cannot be framed, so the server can
 * count the reason in a metric instead of catching an exception.
 *
 * @param reason why framing stopped
 * @param value the offending first byte, announced frame length or buffered byte count, as the
 *     reason describes
 */
public record FramingError(Reason reason, int value) {

  /** Why a stream could not be framed. */
  public enum Reason {
    /**
     * The first byte of a frame is neither 0x00-0x03 (STUN) nor 0x40-0x7F (ChannelData); {@code
     * value} is that byte. The connection is closed.
     */
    UNKNOWN_FIRST_BYTE,
    /**
     * The header announces a frame (header plus Length, padding excluded) longer than the decoder's
     * limit; {@code value} is the announced length. The connection is closed.
     */
    FRAME_TOO_LONG,
    /**
     * The input ended in the middle of a frame; {@code value} is the number of bytes discarded. The
     * connection is already ending, so nothing more is done.
     */
    TRUNCATED_AT_END
  }
}

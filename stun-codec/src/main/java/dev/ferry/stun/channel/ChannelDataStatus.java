package dev.ferry.stun.channel;

/**
 * The outcome of reading a ChannelData message, so that a server drops bad input by value and can
 * count why (RFC 8656 §12.6).
 */
public enum ChannelDataStatus {
  /** The message is well formed; the view's accessors may be used. */
  VALID,
  /** Fewer than the four header bytes are readable. */
  TOO_SHORT,
  /**
   * The channel number is outside 0x4000-0x4FFF: either not ChannelData at all or in the range RFC
   * 7983 §9.3 reserves (0x5000-0xFFFF), which RFC 8656 §12.6 says to discard silently.
   */
  CHANNEL_NUMBER_OUT_OF_RANGE,
  /** Fewer payload bytes are readable than the Length field claims. */
  TRUNCATED,
  /** On a stream, the padding to the next multiple of four is not all there (RFC 8656 §12.5). */
  MISSING_PADDING
}

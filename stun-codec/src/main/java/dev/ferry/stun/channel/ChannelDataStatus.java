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
   * The channel number is outside {@link ChannelNumbers} (0x4000-0x7FFE): either not ChannelData at
   * all, 0x7FFF (never bindable, RFC 5766 §11.2) or reserved (0x8000-0xFFFF), all of which RFC 5766
   * §11.6 and RFC 8656 §12.6 say to discard silently.
   */
  CHANNEL_NUMBER_OUT_OF_RANGE,
  /** Fewer payload bytes are readable than the Length field claims. */
  TRUNCATED,
  /** On a stream, the padding to the next multiple of four is not all there (RFC 8656 §12.5). */
  MISSING_PADDING
}

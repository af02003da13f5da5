package dev.ferry.stun.channel;

/**
 * The TURN channel number range of RFC 8656 §12, so that every caller validates and indexes it the
 * same way.
 *
 * <p>RFC 5766 allowed 0x4000-0x7FFE; RFC 7983 §9.3 reserved 0x5000-0xFFFF so that the first byte of
 * a ChannelData message is always 64-79. Only 0x4000-0x4FFF is valid here.
 */
public final class ChannelNumbers {

  /** Lowest valid channel number. */
  public static final int MIN = 0x4000;

  /** Highest valid channel number. */
  public static final int MAX = 0x4FFF;

  /** How many channel numbers exist: the size of an array indexed by {@link #index(int)}. */
  public static final int COUNT = MAX - MIN + 1;

  private ChannelNumbers() {}

  /** Whether {@code channelNumber} may be bound and relayed (0x4000-0x4FFF). */
  public static boolean isValid(int channelNumber) {
    return channelNumber >= MIN && channelNumber <= MAX;
  }

  /**
   * The position of a valid channel number in an array of {@link #COUNT} entries.
   *
   * @throws IllegalArgumentException if the number is not valid; check {@link #isValid} first
   */
  public static int index(int channelNumber) {
    if (!isValid(channelNumber)) {
      throw new IllegalArgumentException(
          "channel number out of range: 0x" + Integer.toHexString(channelNumber));
    }
    return channelNumber - MIN;
  }

  /**
   * The channel number stored at array position {@code index}, the inverse of {@link #index(int)}.
   *
   * @throws IllegalArgumentException if {@code index} is outside 0..{@link #COUNT}-1
   */
  public static int fromIndex(int index) {
    if (index < 0 || index >= COUNT) {
      throw new IllegalArgumentException("channel index out of range: " + index);
    }
    return MIN + index;
  }
}

package dev.ferry.stun.channel;

/**
 * The TURN channel numbers a Ferry server binds and relays, defined once so that the ChannelBind
 * check, ChannelData decoding and the channel table all agree.
 *
 * <p>The server accepts the RFC 5766 range 0x4000-0x7FFE: RFC 5766 §11 calls 0x4000-0x7FFF the
 * channel numbers and §11.2 has the server accept 0x4000 through 0x7FFE in a ChannelBind (0x7FFF
 * can never be bound, so a ChannelData for it is dropped like any unbound channel). RFC 8656 §12
 * narrows the range to 0x4000-0x4FFF only because RFC 7983 §9.3 reserved 0x5000-0xFFFF, so that an
 * endpoint demultiplexing RTP, DTLS and TURN on one socket by first byte (RFC 7983 §7) sees
 * ChannelData as 64-79 only. A TURN server's client-facing socket carries no such protocols (only
 * STUN, first byte 0-3, and ChannelData, 0b01), so the wider range is unambiguous there, and RFC
 * 5766 clients such as coturn's turnutils_uclient pick numbers from all of it. RFC 8656 clients
 * stay within the {@link #RFC8656_MAX strict range}, a subset. 0x8000-0xFFFF stay invalid: a first
 * byte of 128 or more is RTP/RTCP (RFC 7983 §7) and reserved in the TURN channel registry.
 */
public final class ChannelNumbers {

  /** Lowest valid channel number (RFC 5766 §11, RFC 8656 §12). */
  public static final int MIN = 0x4000;

  /** Highest channel number a server accepts in a ChannelBind (RFC 5766 §11.2). */
  public static final int MAX = 0x7FFE;

  /**
   * Highest channel number of RFC 8656 §12 (0x5000-0xFFFF reserved by RFC 7983 §9.3); documents
   * what RFC 8656 clients use. The server does not enforce it.
   */
  public static final int RFC8656_MAX = 0x4FFF;

  /** How many channel numbers exist: the size of an array indexed by {@link #index(int)}. */
  public static final int COUNT = MAX - MIN + 1;

  private ChannelNumbers() {}

  /** Whether {@code channelNumber} may be bound and relayed (0x4000-0x7FFE). */
  public static boolean isValid(int channelNumber) {
    return channelNumber >= MIN && channelNumber <= MAX;
  }

  /** Whether {@code channelNumber} is within RFC 8656's strict range 0x4000-0x4FFF. */
  public static boolean isRfc8656(int channelNumber) {
    return channelNumber >= MIN && channelNumber <= RFC8656_MAX;
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

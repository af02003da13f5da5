package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;

/** RESERVATION-TOKEN: names a relay port held back by EVEN-PORT R=1 (RFC 8656 §18.10). */
public final class ReservationToken {
  /** Token length in bytes. */
  public static final int LENGTH = 8;

  private ReservationToken() {}

  /** True if a visible RESERVATION-TOKEN of exactly 8 bytes is present. */
  public static boolean isPresentAndWellFormed(StunMessage message) {
    int i = message.indexOf(AttributeType.RESERVATION_TOKEN);
    return i >= 0 && message.valueLengthAt(i) == LENGTH;
  }

  /** The token as a long; only meaningful when {@link #isPresentAndWellFormed} is true, else 0. */
  public static long read(StunMessage message) {
    int i = message.indexOf(AttributeType.RESERVATION_TOKEN);
    if (i < 0 || message.valueLengthAt(i) != LENGTH) {
      return 0;
    }
    return message.buffer().getLong(message.valueOffsetAt(i));
  }

  /** Appends {@code token}. */
  public static void write(StunWriter writer, long token) {
    int at = writer.openAttribute(AttributeType.RESERVATION_TOKEN);
    writer.buffer().writeLong(token);
    writer.closeAttribute(at);
  }
}

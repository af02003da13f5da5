package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;

/** EVEN-PORT: ask for an even relay port, optionally reserving the next one (RFC 8656 §18.6). */
public final class EvenPort {
  /** Read result: absent or malformed. */
  public static final int INVALID = -1;

  /** Read result: even port, no reservation. */
  public static final int NO_RESERVE = 0;

  /** Read result: even port and reserve port + 1 (the R bit). */
  public static final int RESERVE = 1;

  private EvenPort() {}

  /** {@link #RESERVE}, {@link #NO_RESERVE} or {@link #INVALID} (absent or value not 1 byte). */
  public static int read(StunMessage message) {
    int i = message.indexOf(AttributeType.EVEN_PORT);
    if (i < 0 || message.valueLengthAt(i) != 1) {
      return INVALID;
    }
    return (message.buffer().getUnsignedByte(message.valueOffsetAt(i)) & 0x80) != 0
        ? RESERVE
        : NO_RESERVE;
  }

  /** Appends the attribute with the R bit set if {@code reserveNext}. */
  public static void write(StunWriter writer, boolean reserveNext) {
    int at = writer.openAttribute(AttributeType.EVEN_PORT);
    writer.buffer().writeByte(reserveNext ? 0x80 : 0);
    writer.closeAttribute(at);
  }
}

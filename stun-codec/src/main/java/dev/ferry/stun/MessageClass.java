package dev.ferry.stun;

/** The four STUN message classes, encoded in the C1/C0 bits of the message type (RFC 8489 §5). */
public enum MessageClass {
  REQUEST(0b00),
  INDICATION(0b01),
  SUCCESS_RESPONSE(0b10),
  ERROR_RESPONSE(0b11);

  private static final MessageClass[] BY_BITS = values();

  private final int bits;

  MessageClass(int bits) {
    this.bits = bits;
  }

  /** The two class bits (C1 C0) as a number 0..3. */
  public int bits() {
    return bits;
  }

  /** The class whose C1 C0 bits are the low two bits of {@code bits}. */
  public static MessageClass ofBits(int bits) {
    return BY_BITS[bits & 0b11];
  }

  /** True for success and error responses. */
  public boolean isResponse() {
    return this == SUCCESS_RESPONSE || this == ERROR_RESPONSE;
  }
}

package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;

/** ADDRESS-ERROR-CODE: why one requested address family was not allocated (RFC 8656 §18.12). */
public final class AddressErrorCode {
  private AddressErrorCode() {}

  /** The family byte of the first ADDRESS-ERROR-CODE, or -1 if absent or malformed. */
  public static int family(StunMessage message) {
    int i = message.indexOf(AttributeType.ADDRESS_ERROR_CODE);
    if (ErrorCode.codeAt(message, i, AttributeType.ADDRESS_ERROR_CODE) < 0) {
      return -1;
    }
    return message.buffer().getUnsignedByte(message.valueOffsetAt(i));
  }

  /** The error code (e.g. 440, 508), or -1 if absent or malformed. */
  public static int code(StunMessage message) {
    int i = message.indexOf(AttributeType.ADDRESS_ERROR_CODE);
    return ErrorCode.codeAt(message, i, AttributeType.ADDRESS_ERROR_CODE);
  }

  /** The reason phrase, or null if absent, malformed or not UTF-8. */
  public static String reason(StunMessage message) {
    int i = message.indexOf(AttributeType.ADDRESS_ERROR_CODE);
    return ErrorCode.reasonAt(message, i, AttributeType.ADDRESS_ERROR_CODE);
  }

  /** Appends the attribute for {@code family} ({@link AddressFamily}) with {@code code}. */
  public static void write(StunWriter writer, int family, int code, String reason) {
    ErrorCode.writeAs(writer, AttributeType.ADDRESS_ERROR_CODE, family, code, reason);
  }
}

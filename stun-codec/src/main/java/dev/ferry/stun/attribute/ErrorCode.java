package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.ErrorCodes;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** ERROR-CODE: class, number and reason phrase of an error response (RFC 8489 §14.8). */
public final class ErrorCode {
  /** Most characters of a reason phrase a sender may use. */
  public static final int MAX_REASON_CHARS = 127;

  private ErrorCode() {}

  /** The code (300..699) of the first ERROR-CODE, or -1 if absent or malformed. */
  public static int code(StunMessage message) {
    return codeAt(message, message.indexOf(AttributeType.ERROR_CODE), AttributeType.ERROR_CODE);
  }

  /** The reason phrase of the first ERROR-CODE, or null if absent, malformed or not UTF-8. */
  public static String reason(StunMessage message) {
    return reasonAt(message, message.indexOf(AttributeType.ERROR_CODE), AttributeType.ERROR_CODE);
  }

  /** Appends code {@code code} (300..699) with {@code reason}. */
  public static void write(StunWriter writer, int code, String reason) {
    writeAs(writer, AttributeType.ERROR_CODE, 0, code, reason);
  }

  /** Appends {@code code} with its registry reason phrase. */
  public static void write(StunWriter writer, int code) {
    write(writer, code, ErrorCodes.reasonPhrase(code));
  }

  static int codeAt(StunMessage m, int index, int type) {
    if (index < 0 || m.attributeTypeAt(index) != type || m.valueLengthAt(index) < 4) {
      return -1;
    }
    ByteBuf buf = m.buffer();
    int off = m.valueOffsetAt(index);
    int hundreds = buf.getUnsignedByte(off + 2) & 0x07;
    int number = buf.getUnsignedByte(off + 3);
    if (hundreds < 3 || hundreds > 6 || number > 99) {
      return -1;
    }
    return hundreds * 100 + number;
  }

  static String reasonAt(StunMessage m, int index, int type) {
    if (codeAt(m, index, type) < 0) {
      return null;
    }
    ByteBuf buf = m.buffer();
    int off = m.valueOffsetAt(index) + 4;
    int len = m.valueLengthAt(index) - 4;
    if (len > AttributeCodec.MAX_TEXT_BYTES || !AttributeCodec.isUtf8(buf, off, len)) {
      return null;
    }
    return buf.toString(off, len, StandardCharsets.UTF_8);
  }

  /** Writes the ERROR-CODE layout; {@code firstByte} is the family for ADDRESS-ERROR-CODE. */
  static void writeAs(StunWriter writer, int type, int firstByte, int code, String reason) {
    if (code < 300 || code > 699) {
      throw new IllegalArgumentException("error code out of range: " + code);
    }
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    if (reason.codePointCount(0, reason.length()) > MAX_REASON_CHARS) {
      throw new IllegalArgumentException("reason phrase too long: " + reason.length());
    }
    int at = writer.openAttribute(type);
    ByteBuf out = writer.buffer();
    out.writeByte(firstByte);
    out.writeByte(0);
    out.writeByte(code / 100);
    out.writeByte(code % 100);
    out.writeBytes(text);
    writer.closeAttribute(at);
  }
}

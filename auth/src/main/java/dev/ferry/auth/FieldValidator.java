package dev.ferry.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks USERNAME, REALM and NONCE before anything looks them up (RFC 8489 §14.3, §14.9, §14.10),
 * so that a credential store never sees oversized, mis-encoded or control-laden text.
 *
 * <p>USERNAME: at most 763 bytes, the RFC 5389 compatibility bound a receiver must accept (senders
 * are held to fewer than 509). REALM and NONCE: fewer than 128 characters and at most 763 bytes.
 * All: strict UTF-8 and no control characters (C0, DEL, C1), which also rules out the NUL padding
 * of RFC 3489-era clients.
 */
public final class FieldValidator {
  /** RFC 8489 §14.3: "MUST be able to parse a UTF-8-encoded sequence of 763 or fewer octets". */
  public static final int MAX_USERNAME_BYTES = 763;

  /** RFC 8489 §14.9/§14.10: "fewer than 128 characters". */
  public static final int MAX_TEXT_CHARACTERS = 127;

  /** RFC 8489 §14.9/§14.10: 127 characters "can be as long as 763 bytes when decoding them". */
  public static final int MAX_TEXT_BYTES = 763;

  private FieldValidator() {}

  public static FieldCheck username(byte[] value) {
    return check(FieldCheck.Field.USERNAME, value, MAX_USERNAME_BYTES, Integer.MAX_VALUE);
  }

  public static FieldCheck realm(byte[] value) {
    return check(FieldCheck.Field.REALM, value, MAX_TEXT_BYTES, MAX_TEXT_CHARACTERS);
  }

  public static FieldCheck nonce(byte[] value) {
    return check(FieldCheck.Field.NONCE, value, MAX_TEXT_BYTES, MAX_TEXT_CHARACTERS);
  }

  private static FieldCheck check(
      FieldCheck.Field field, byte[] value, int maxBytes, int maxCharacters) {
    if (value.length == 0) {
      return new FieldCheck.Invalid(field, FieldCheck.Problem.EMPTY);
    }
    if (value.length > maxBytes) {
      return new FieldCheck.Invalid(field, FieldCheck.Problem.TOO_LONG);
    }
    if (printableAscii(value)) {
      // What real clients send: one character per byte and no control character, so the decoder
      // and its buffers (an eighth of the garbage of an allocation's setup) are not needed.
      return value.length > maxCharacters
          ? new FieldCheck.Invalid(field, FieldCheck.Problem.TOO_LONG)
          : new FieldCheck.Valid(new String(value, StandardCharsets.US_ASCII));
    }
    CharBuffer chars;
    try {
      chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(value));
    } catch (CharacterCodingException e) {
      return new FieldCheck.Invalid(field, FieldCheck.Problem.NOT_UTF8);
    }
    String text = chars.toString();
    if (text.codePointCount(0, text.length()) > maxCharacters) {
      return new FieldCheck.Invalid(field, FieldCheck.Problem.TOO_LONG);
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        return new FieldCheck.Invalid(field, FieldCheck.Problem.CONTROL_CHARACTER);
      }
    }
    return new FieldCheck.Valid(text);
  }

  private static boolean printableAscii(byte[] value) {
    for (byte b : value) {
      if (b < 0x20 || b == 0x7F) { // negative: a byte of a multi-byte sequence
        return false;
      }
    }
    return true;
  }
}

package dev.ferry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.auth.FieldCheck.Field;
import dev.ferry.auth.FieldCheck.Problem;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FieldValidatorTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void username_plainUtf8_returnsValid() {
    assertThat(FieldValidator.username(utf8("1700000000:älice")))
        .isEqualTo(new FieldCheck.Valid("1700000000:älice"));
  }

  @Test
  void username_printableAscii_returnsItsText() {
    assertThat(FieldValidator.username(utf8("1700000000:alice ~!")))
        .isEqualTo(new FieldCheck.Valid("1700000000:alice ~!"));
  }

  @Test
  void username_763Bytes_isAcceptedForRfc5389Compatibility() {
    assertThat(FieldValidator.username(utf8("u".repeat(763)))).isInstanceOf(FieldCheck.Valid.class);
  }

  @Test
  void username_764Bytes_returnsTooLong() {
    assertThat(FieldValidator.username(utf8("u".repeat(764))))
        .isEqualTo(new FieldCheck.Invalid(Field.USERNAME, Problem.TOO_LONG));
  }

  @Test
  void username_empty_returnsEmpty() {
    assertThat(FieldValidator.username(new byte[0]))
        .isEqualTo(new FieldCheck.Invalid(Field.USERNAME, Problem.EMPTY));
  }

  @Test
  void username_overlongUtf8Encoding_returnsNotUtf8() {
    // 0xC0 0xAF is an overlong '/', which strict UTF-8 forbids.
    assertThat(FieldValidator.username(new byte[] {'a', (byte) 0xC0, (byte) 0xAF}))
        .isEqualTo(new FieldCheck.Invalid(Field.USERNAME, Problem.NOT_UTF8));
  }

  @Test
  void username_loneSurrogateEncoded_returnsNotUtf8() {
    assertThat(FieldValidator.username(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}))
        .isEqualTo(new FieldCheck.Invalid(Field.USERNAME, Problem.NOT_UTF8));
  }

  @Test
  void username_trailingNul_returnsControlCharacter() {
    assertThat(FieldValidator.username(new byte[] {'b', 'o', 'b', 0}))
        .isEqualTo(new FieldCheck.Invalid(Field.USERNAME, Problem.CONTROL_CHARACTER));
  }

  @Test
  void realm_containsNewline_returnsControlCharacter() {
    assertThat(FieldValidator.realm(utf8("example.org\n")))
        .isEqualTo(new FieldCheck.Invalid(Field.REALM, Problem.CONTROL_CHARACTER));
  }

  @Test
  void realm_c1Control_returnsControlCharacter() {
    assertThat(FieldValidator.realm(utf8("example\u0085org")))
        .isEqualTo(new FieldCheck.Invalid(Field.REALM, Problem.CONTROL_CHARACTER));
  }

  @Test
  void realm_127Characters_returnsValid() {
    assertThat(FieldValidator.realm(utf8("r".repeat(127)))).isInstanceOf(FieldCheck.Valid.class);
  }

  @Test
  void realm_128Characters_returnsTooLong() {
    assertThat(FieldValidator.realm(utf8("r".repeat(128))))
        .isEqualTo(new FieldCheck.Invalid(Field.REALM, Problem.TOO_LONG));
  }

  @Test
  void nonce_127FourByteCharacters_returnsValid() {
    // 127 four-byte characters are 508 bytes: fewer than 128 characters, so valid.
    assertThat(FieldValidator.nonce(utf8("\uD83D\uDE00".repeat(127))))
        .isInstanceOf(FieldCheck.Valid.class);
  }

  @Test
  void nonce_128MultibyteCharacters_returnsTooLong() {
    assertThat(FieldValidator.nonce(utf8("é".repeat(128))))
        .isEqualTo(new FieldCheck.Invalid(Field.NONCE, Problem.TOO_LONG));
  }

  @Test
  void nonce_delCharacter_returnsControlCharacter() {
    assertThat(FieldValidator.nonce(utf8("abc\u007F")))
        .isEqualTo(new FieldCheck.Invalid(Field.NONCE, Problem.CONTROL_CHARACTER));
  }
}

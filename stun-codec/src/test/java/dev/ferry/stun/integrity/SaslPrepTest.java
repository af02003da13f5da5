package dev.ferry.stun.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** RFC 4013 §3 examples, plus the RFC 5769 §2.4 password. */
class SaslPrepTest {
  @Test
  void prepare_softHyphen_isMappedToNothing() {
    assertThat(SaslPrep.prepare("I\u00ADX")).isEqualTo("IX");
  }

  @Test
  void prepare_plainAscii_isUnchanged() {
    assertThat(SaslPrep.prepare("user")).isEqualTo("user");
  }

  @Test
  void prepare_upperCase_isPreserved() {
    assertThat(SaslPrep.prepare("USER")).isEqualTo("USER");
  }

  @Test
  void prepare_feminineOrdinal_isNfkcA() {
    assertThat(SaslPrep.prepare("\u00AA")).isEqualTo("a");
  }

  @Test
  void prepare_romanNumeralNine_isNfkcIx() {
    assertThat(SaslPrep.prepare("\u2168")).isEqualTo("IX");
  }

  @Test
  void prepare_bell_isProhibited() {
    assertThatThrownBy(() -> SaslPrep.prepare("\u0007"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("U+0007");
  }

  @Test
  void prepare_arabicThenDigit_failsBidiCheck() {
    assertThatThrownBy(() -> SaslPrep.prepare("\u0627\u0031"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bidirectional");
  }

  @Test
  void prepare_nonAsciiSpace_isMappedToSpace() {
    assertThat(SaslPrep.prepare("a\u00A0b")).isEqualTo("a b");
  }

  @Test
  void prepare_privateUse_isProhibited() {
    assertThatThrownBy(() -> SaslPrep.prepare("a\uE000"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void prepare_rfc5769Password_becomesTheMatrIX() {
    assertThat(SaslPrep.prepare("The\u00ADM\u00AAtr\u2168")).isEqualTo("TheMatrIX");
  }
}

package dev.ferry.stun.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** RFC 8265 §4.2 OpaqueString behaviour. */
class OpaqueStringTest {
  @Test
  void prepare_ascii_isUnchanged() {
    assertThat(OpaqueString.prepare("TheMatrIX pass!")).isEqualTo("TheMatrIX pass!");
  }

  @Test
  void prepare_nonAsciiSpace_becomesAsciiSpace() {
    assertThat(OpaqueString.prepare("a\u3000b")).isEqualTo("a b");
  }

  @Test
  void prepare_decomposed_isNfc() {
    assertThat(OpaqueString.prepare("e\u0301")).isEqualTo("\u00E9");
  }

  @Test
  void prepare_romanNumeral_isKeptNotCompatibilityMapped() {
    assertThat(OpaqueString.prepare("tr\u2168")).isEqualTo("tr\u2168");
  }

  @Test
  void prepare_katakanaUsername_isUnchanged() {
    String user = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
    assertThat(OpaqueString.prepare(user)).isEqualTo(user);
  }

  @Test
  void prepare_empty_isRejected() {
    assertThatThrownBy(() -> OpaqueString.prepare("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void prepare_control_isRejected() {
    assertThatThrownBy(() -> OpaqueString.prepare("a\u0007"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("U+0007");
  }

  @Test
  void prepare_softHyphen_isRejectedAsDefaultIgnorable() {
    assertThatThrownBy(() -> OpaqueString.prepare("The\u00ADMatrix"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void prepare_middleDotBetweenLs_isAllowed() {
    assertThat(OpaqueString.prepare("l\u00B7l")).isEqualTo("l\u00B7l");
  }

  @Test
  void prepare_middleDotElsewhere_isRejected() {
    assertThatThrownBy(() -> OpaqueString.prepare("a\u00B7b"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

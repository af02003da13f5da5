package dev.ferry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecurityFeaturesTest {

  @Test
  void cookie_passwordAlgorithmsBit_isMostSignificantBitOfFirstByte() {
    // 0x80 0x00 0x00 in base64 is "gAAA".
    assertThat(new SecurityFeatures(true, false).cookie()).isEqualTo("obMatJos2gAAA");
  }

  @Test
  void cookie_usernameAnonymityBit_isSecondBit() {
    // 0x40 0x00 0x00 in base64 is "QAAA".
    assertThat(new SecurityFeatures(false, true).cookie()).isEqualTo("obMatJos2QAAA");
  }

  @Test
  void fromNonce_cookieWithBothBits_readsBoth() {
    assertThat(SecurityFeatures.fromNonce("obMatJos2wAAAxyz"))
        .contains(new SecurityFeatures(true, true));
  }

  @Test
  void fromNonce_unassignedBitsSet_ignoresThem() {
    // 0x3F 0xFF 0xFF: every bit except 0 and 1.
    assertThat(SecurityFeatures.fromNonce("obMatJos2P///")).contains(SecurityFeatures.NONE);
  }

  @Test
  void fromNonce_rfc5389StyleNonce_returnsEmpty() {
    assertThat(SecurityFeatures.fromNonce("f//499k954d6OL34oL9FSTvy64sA")).isEmpty();
    assertThat(SecurityFeatures.fromNonce("obMatJos2")).isEmpty();
    assertThat(SecurityFeatures.fromNonce("obMatJos2!!!!rest")).isEmpty();
  }
}

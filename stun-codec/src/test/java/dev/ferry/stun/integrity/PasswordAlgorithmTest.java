package dev.ferry.stun.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class PasswordAlgorithmTest {
  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02x", x));
    }
    return sb.toString();
  }

  @Test
  void md5_userRealmPass_matchesRfcValue() {
    assertThat(hex(PasswordAlgorithm.MD5.deriveKey("user", "realm", "pass")))
        .isEqualTo("8493fbc53ba582fb4c044c456bdc40eb");
  }

  @Test
  void md5_rfc5769Password_isSaslPrepped() throws Exception {
    String user = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
    byte[] expected =
        MessageDigest.getInstance("MD5")
            .digest((user + ":example.org:TheMatrIX").getBytes(StandardCharsets.UTF_8));
    assertThat(PasswordAlgorithm.MD5.deriveKey(user, "example.org", "The\u00ADM\u00AAtr\u2168"))
        .isEqualTo(expected);
  }

  @Test
  void sha256_userRealmPass_isSha256OfTheSameString() throws Exception {
    byte[] expected =
        MessageDigest.getInstance("SHA-256")
            .digest("user:realm:pass".getBytes(StandardCharsets.UTF_8));
    assertThat(PasswordAlgorithm.SHA256.deriveKey("user", "realm", "pass")).isEqualTo(expected);
    assertThat(PasswordAlgorithm.SHA256.keyLength()).isEqualTo(32);
  }

  @Test
  void fromCode_knownAndUnknown() {
    assertThat(PasswordAlgorithm.fromCode(0x0001)).isEqualTo(PasswordAlgorithm.MD5);
    assertThat(PasswordAlgorithm.fromCode(0x0002)).isEqualTo(PasswordAlgorithm.SHA256);
    assertThat(PasswordAlgorithm.fromCode(0x0003)).isNull();
    assertThat(PasswordAlgorithm.MD5.code()).isEqualTo(1);
  }

  @Test
  void userHash_rfc8489AppendixB1_matchesVector() {
    assertThat(hex(UserHash.of("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9", "example.org")))
        .isEqualTo("4a3cf38fef6992bda952c6780417da0f24819415569e60b205c46e41407f1704");
  }
}

package dev.ferry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.stun.integrity.PasswordAlgorithm;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaticUsersTest {
  private static final Realm REALM = new Realm("realm");
  // RFC 8489 §9.2.2: MD5("user:realm:pass").
  private static final String USER_MD5 = "8493fbc53ba582fb4c044c456bdc40eb";
  // printf '%s' 'user:realm:pass' | sha256sum
  private static final String USER_SHA256 =
      "07e934117abd40836e7c6329b54731b2b2d2a5f9a71f544922d75e0730d8251b";
  // printf '%s' 'user:realm' | sha256sum
  private static final String USER_HASH =
      "6a3029116b47aa98bcaa325399733dc1a23cd57e26b81bef3ff6531ce624e2da";

  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  @Test
  void keys_plainPasswordMd5_isRfc8489Vector() {
    var users = StaticUsers.parse(REALM, List.of("user:pass"));

    assertThat(users.keys("user", "realm", PasswordAlgorithm.MD5))
        .containsExactly(LongTermKey.of("user", PasswordAlgorithm.MD5, hex(USER_MD5)));
  }

  @Test
  void keys_plainPasswordSha256_isSha256OfTheSameString() {
    var users = StaticUsers.parse(REALM, List.of("user:pass"));

    assertThat(users.keys("user", "realm", PasswordAlgorithm.SHA256))
        .containsExactly(LongTermKey.of("user", PasswordAlgorithm.SHA256, hex(USER_SHA256)));
  }

  @Test
  void keys_md5HexKey_servesMd5AndNotSha256() {
    var users = StaticUsers.parse(REALM, List.of("user:0x" + USER_MD5));

    assertThat(users.keys("user", "realm", PasswordAlgorithm.MD5))
        .containsExactly(LongTermKey.of("user", PasswordAlgorithm.MD5, hex(USER_MD5)));
    assertThat(users.keys("user", "realm", PasswordAlgorithm.SHA256)).isEmpty();
  }

  @Test
  void keys_sha256HexKey_servesSha256AndNotMd5() {
    var users = StaticUsers.parse(REALM, List.of("user:0x" + USER_SHA256));

    assertThat(users.keys("user", "realm", PasswordAlgorithm.SHA256))
        .containsExactly(LongTermKey.of("user", PasswordAlgorithm.SHA256, hex(USER_SHA256)));
    assertThat(users.keys("user", "realm", PasswordAlgorithm.MD5)).isEmpty();
  }

  @Test
  void keys_passwordOpaqueStringRefuses_servesSaslPreppedMd5Only() {
    // RFC 5769 §2.4: SASLprep maps "The\u00ADM\u00AAtr\u2168" to "TheMatrIX"; OpaqueString
    // refuses the soft hyphen. printf '%s' 'マトリックス:example.org:TheMatrIX' | md5sum
    String user = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
    var users =
        StaticUsers.parse(new Realm("example.org"), List.of(user + ":The\u00ADM\u00AAtr\u2168"));

    assertThat(users.keys(user, "example.org", PasswordAlgorithm.MD5))
        .containsExactly(
            LongTermKey.of(user, PasswordAlgorithm.MD5, hex("e8ca7ad59d5eb0518e312911d2dab2a9")));
    assertThat(users.keys(user, "example.org", PasswordAlgorithm.SHA256)).isEmpty();
  }

  @Test
  void parse_passwordSaslPrepRefuses_namesTheLine() {
    // U+0007 (BEL) is prohibited by SASLprep (RFC 4013 §2.3, C.2.1).
    assertThatThrownBy(() -> StaticUsers.parse(REALM, List.of("user:pass", "bob:be\u0007ll")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid static users:\n"
                + "  line 2: user 'bob': the password is not a valid SASLprep string");
  }

  @Test
  void keys_unknownUser_returnsEmpty() {
    var users = StaticUsers.parse(REALM, List.of("user:pass"));

    assertThat(users.keys("mallory", "realm", PasswordAlgorithm.MD5)).isEmpty();
  }

  @Test
  void keys_otherRealm_returnsEmpty() {
    var users = StaticUsers.parse(REALM, List.of("user:pass"));

    assertThat(users.keys("user", "elsewhere", PasswordAlgorithm.MD5)).isEmpty();
  }

  @Test
  void usernameForHash_sha256OfUserColonRealm_findsUser() {
    var users = StaticUsers.parse(REALM, List.of("user:pass", "other:pass"));

    assertThat(users.usernameForHash(hex(USER_HASH), "realm")).contains("user");
    assertThat(users.usernameForHash(new byte[32], "realm")).isEmpty();
  }

  @Test
  void parse_badLines_reportsEveryLineByNumber() {
    assertThatThrownBy(
            () -> StaticUsers.parse(REALM, List.of("alice:secret", "bob", "alice:again", ":x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid static users:\n"
                + "  line 2: expected name:password or name:0xHEXKEY, found no ':'\n"
                + "  line 3: user 'alice' is already defined on line 1\n"
                + "  line 4: empty user name");
  }

  @Test
  void parse_badLines_neverEchoesPasswords() {
    assertThatThrownBy(() -> StaticUsers.parse(REALM, List.of("alice:hunter2", "alice:hunter3")))
        .hasMessageNotContaining("hunter");
  }

  @Test
  void toString_showsCountOnly() {
    var users = StaticUsers.parse(REALM, List.of("user:pass", "other:0x" + USER_MD5));

    assertThat(users).hasToString("StaticUsers[realm=realm, 2 users]");
  }
}

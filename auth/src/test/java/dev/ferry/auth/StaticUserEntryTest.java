package dev.ferry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class StaticUserEntryTest {

  @Test
  void parse_nameAndPassword_returnsPasswordEntry() {
    assertThat(StaticUserEntry.parse("alice:wonder:land"))
        .isEqualTo(
            new StaticUserEntry.Ok(
                new StaticUserEntry(
                    "alice", new StaticUserEntry.Password(SecretBytes.ofUtf8("wonder:land")))));
  }

  @Test
  void parse_md5HexKey_returnsSixteenByteKey() {
    var parsed = StaticUserEntry.parse("user:0x8493fbc53ba582fb4c044c456bdc40eb");

    assertThat(parsed)
        .isEqualTo(
            new StaticUserEntry.Ok(
                new StaticUserEntry(
                    "user",
                    new StaticUserEntry.PrecomputedKey(
                        HexFormat.of().parseHex("8493fbc53ba582fb4c044c456bdc40eb")))));
  }

  @Test
  void parse_sha256HexKeyUpperCase_returnsThirtyTwoByteKey() {
    var parsed = StaticUserEntry.parse("user:0X" + "AB".repeat(32));

    var entry = ((StaticUserEntry.Ok) parsed).entry();
    assertThat(((StaticUserEntry.PrecomputedKey) entry.secret()).key()).hasSize(32);
  }

  @Test
  void parse_noColon_explainsTheExpectedForms() {
    assertThat(StaticUserEntry.parse("alice"))
        .isEqualTo(
            new StaticUserEntry.Error("expected name:password or name:0xHEXKEY, found no ':'"));
  }

  @Test
  void parse_emptyName_isRefused() {
    assertThat(StaticUserEntry.parse(":secret"))
        .isEqualTo(new StaticUserEntry.Error("empty user name"));
  }

  @Test
  void parse_emptyPassword_isRefused() {
    assertThat(StaticUserEntry.parse("alice:"))
        .isEqualTo(new StaticUserEntry.Error("user 'alice' has an empty password"));
  }

  @Test
  void parse_hexKeyOfWrongLength_namesTheAcceptedLengths() {
    assertThat(StaticUserEntry.parse("alice:0xabcd"))
        .isEqualTo(
            new StaticUserEntry.Error(
                "user 'alice': a 0x key needs 32 hex digits (MD5) or 64 (SHA-256), found 4"));
  }

  @Test
  void parse_hexKeyWithNonHexCharacter_isRefused() {
    assertThat(StaticUserEntry.parse("alice:0x" + "g".repeat(32)))
        .isEqualTo(
            new StaticUserEntry.Error(
                "user 'alice': the 0x key contains a character that is not hex"));
  }

  @Test
  void parse_nameWithControlCharacter_isRefused() {
    assertThat(StaticUserEntry.parse("al\tice:secret"))
        .isEqualTo(
            new StaticUserEntry.Error(
                "user name 'al\tice' is not a valid USERNAME: CONTROL_CHARACTER"));
  }

  @Test
  void toString_ofEntries_neverShowsSecrets() {
    var password = StaticUserEntry.parse("alice:wonderland");
    var key = StaticUserEntry.parse("bob:0x8493fbc53ba582fb4c044c456bdc40eb");

    assertThat(password.toString()).doesNotContain("wonderland");
    assertThat(key.toString()).doesNotContainIgnoringCase("8493fbc5");
  }
}

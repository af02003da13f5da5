package dev.ferry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestCredentialsTest {
  // Computed once in a shell, independently of this code:
  // printf '%s' '1700000000:alice' | openssl dgst -sha1 -hmac 'north-wind' -binary | base64
  private static final String NORTH_ALICE = "Oko4dt8u/EbTRjRUJWQDFm/zTCc=";
  // same with -hmac 'south-wind'
  private static final String SOUTH_ALICE = "u+5R+drkmnBZa4OorqB8uy+NTEY=";
  // printf '%s' '1700000000|alice' | openssl dgst -sha1 -hmac 'north-wind' -binary | base64
  private static final String NORTH_ALICE_PIPE = "QWVAwFybCZvpMok0PA9dSumPolM=";

  private final MutableClock clock = MutableClock.atEpochSecond(1_699_913_600L);

  @Test
  void mint_knownSecretAndUser_matchesOpensslVector() {
    var rest = new RestCredentials(SharedSecrets.ofUtf8("north-wind"), clock);

    RestCredential credential = rest.mint("alice", Duration.ofDays(1));

    assertThat(credential.username()).isEqualTo("1700000000:alice");
    assertThat(credential.passwordText()).isEqualTo(NORTH_ALICE);
    assertThat(credential.expiresAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
  }

  @Test
  void mint_customSeparator_usesItInUsernameAndPassword() {
    var rest = new RestCredentials(SharedSecrets.ofUtf8("north-wind"), '|', clock);

    RestCredential credential = rest.mint("alice", Duration.ofDays(1));

    assertThat(credential.username()).isEqualTo("1700000000|alice");
    assertThat(credential.passwordText()).isEqualTo(NORTH_ALICE_PIPE);
  }

  @Test
  void mint_twoSecrets_mintsWithTheFirst() {
    var rest = new RestCredentials(SharedSecrets.ofUtf8("south-wind", "north-wind"), clock);

    assertThat(rest.mint("alice", Duration.ofDays(1)).passwordText()).isEqualTo(SOUTH_ALICE);
  }

  @Test
  void candidatePasswords_twoSecrets_offersBothDuringRotation() {
    var rest = new RestCredentials(SharedSecrets.ofUtf8("south-wind", "north-wind"), clock);

    assertThat(rest.candidatePasswords("1700000000:alice"))
        .extracting(SecretBytes::utf8)
        .containsExactly(SOUTH_ALICE, NORTH_ALICE);
  }

  @Test
  void check_beforeExpiry_returnsValidWithUser() {
    var rest = new RestCredentials(SharedSecrets.ofUtf8("north-wind"), clock);
    clock.set(Instant.ofEpochSecond(1_699_999_999L));

    assertThat(rest.check("1700000000:alice"))
        .isEqualTo(new RestUsernameCheck.Valid(Instant.ofEpochSecond(1_700_000_000L), "alice"));
  }

  @Test
  void check_atExpirySecond_returnsExpired() {
    var rest = new RestCredentials(SharedSecrets.ofUtf8("north-wind"), clock);
    clock.set(Instant.ofEpochSecond(1_700_000_000L));

    assertThat(rest.check("1700000000:alice"))
        .isEqualTo(new RestUsernameCheck.Expired(Instant.ofEpochSecond(1_700_000_000L)));
  }

  @Test
  void check_userPartContainsSeparator_splitsAtTheFirst() {
    var rest = new RestCredentials(SharedSecrets.ofUtf8("north-wind"), clock);

    assertThat(rest.check("1700000000:alice:phone"))
        .isEqualTo(
            new RestUsernameCheck.Valid(Instant.ofEpochSecond(1_700_000_000L), "alice:phone"));
  }

  @Test
  void check_noSeparator_treatsWholeUsernameAsExpiry() {
    var rest = new RestCredentials(SharedSecrets.ofUtf8("north-wind"), clock);

    assertThat(rest.check("1700000000"))
        .isEqualTo(new RestUsernameCheck.Valid(Instant.ofEpochSecond(1_700_000_000L), ""));
  }

  @Test
  void check_otherSeparatorConfigured_colonFormIsMalformed() {
    var rest = new RestCredentials(SharedSecrets.ofUtf8("north-wind"), '|', clock);

    assertThat(rest.check("1700000000:alice")).isInstanceOf(RestUsernameCheck.Malformed.class);
  }

  @Test
  void check_nonDigitExpiry_returnsMalformed() {
    var rest = new RestCredentials(SharedSecrets.ofUtf8("north-wind"), clock);

    assertThat(rest.check("alice:1700000000"))
        .isEqualTo(new RestUsernameCheck.Malformed("expiry timestamp is not decimal digits"));
    assertThat(rest.check("-1700000000:alice")).isInstanceOf(RestUsernameCheck.Malformed.class);
    assertThat(rest.check("+1700000000:alice")).isInstanceOf(RestUsernameCheck.Malformed.class);
  }

  @Test
  void check_emptyExpiry_returnsMalformed() {
    var rest = new RestCredentials(SharedSecrets.ofUtf8("north-wind"), clock);

    assertThat(rest.check(":alice"))
        .isEqualTo(new RestUsernameCheck.Malformed("missing expiry timestamp"));
  }

  @Test
  void check_expiryOverflowsLong_returnsMalformed() {
    var rest = new RestCredentials(SharedSecrets.ofUtf8("north-wind"), clock);

    assertThat(rest.check("9999999999999999999:alice"))
        .isEqualTo(new RestUsernameCheck.Malformed("expiry timestamp overflows"));
    assertThat(rest.check("12345678901234567890:alice"))
        .isEqualTo(new RestUsernameCheck.Malformed("expiry timestamp too long"));
  }

  @Test
  void toString_neverShowsSecrets() {
    var rest = new RestCredentials(SharedSecrets.ofUtf8("north-wind"), clock);
    RestCredential credential = rest.mint("alice", Duration.ofDays(1));

    assertThat(rest.toString()).doesNotContain("north-wind");
    assertThat(credential.toString()).doesNotContain(NORTH_ALICE).contains("redacted");
  }
}

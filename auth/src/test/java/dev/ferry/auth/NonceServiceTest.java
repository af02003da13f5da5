package dev.ferry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NonceServiceTest {
  private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.10", 40000);
  private static final SecurityFeatures BOTH = new SecurityFeatures(true, true);

  private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
  private final NonceService nonces = new NonceService(BOTH, Duration.ofSeconds(600), clock);

  @Test
  void validate_freshNonceSameAddress_returnsValid() {
    String nonce = nonces.issue(CLIENT);

    assertThat(nonces.validate(nonce, CLIENT)).isEqualTo(NonceCheck.VALID);
  }

  @Test
  void validate_oneSecondBeforeLifetime_returnsValid() {
    String nonce = nonces.issue(CLIENT);
    clock.advance(Duration.ofSeconds(599));

    assertThat(nonces.validate(nonce, CLIENT)).isEqualTo(NonceCheck.VALID);
  }

  @Test
  void validate_atLifetime_returnsStale() {
    String nonce = nonces.issue(CLIENT);
    clock.advance(Duration.ofSeconds(600));

    assertThat(nonces.validate(nonce, CLIENT)).isEqualTo(NonceCheck.STALE);
  }

  @Test
  void validate_clockSteppedBackALifetime_returnsStale() {
    String nonce = nonces.issue(CLIENT);
    clock.advance(Duration.ofSeconds(-600));

    assertThat(nonces.validate(nonce, CLIENT)).isEqualTo(NonceCheck.STALE);
  }

  @Test
  void validate_sameIpOtherPort_returnsInvalid() {
    String nonce = nonces.issue(CLIENT);

    assertThat(nonces.validate(nonce, new InetSocketAddress("192.0.2.10", 40001)))
        .isEqualTo(NonceCheck.INVALID);
  }

  @Test
  void validate_otherIpSamePort_returnsInvalid() {
    String nonce = nonces.issue(CLIENT);

    assertThat(nonces.validate(nonce, new InetSocketAddress("192.0.2.11", 40000)))
        .isEqualTo(NonceCheck.INVALID);
  }

  @Test
  void validate_oneCharacterTampered_returnsInvalid() {
    String nonce = nonces.issue(CLIENT);
    int last = nonce.length() - 1;
    char flipped = nonce.charAt(last) == 'A' ? 'B' : 'A';

    assertThat(nonces.validate(nonce.substring(0, last) + flipped, CLIENT))
        .isEqualTo(NonceCheck.INVALID);
  }

  @Test
  void validate_issueTimeRewrittenToNow_returnsInvalid() {
    String nonce = nonces.issue(CLIENT);
    clock.advance(Duration.ofSeconds(700));
    // An attacker re-encoding a newer timestamp cannot fix up the MAC.
    byte[] body =
        java.util.Base64.getUrlDecoder().decode(nonce.substring(SecurityFeatures.COOKIE_LENGTH));
    java.nio.ByteBuffer.wrap(body).putLong(clock.instant().getEpochSecond());
    String forged =
        nonce.substring(0, SecurityFeatures.COOKIE_LENGTH)
            + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(body);

    assertThat(nonces.validate(forged, CLIENT)).isEqualTo(NonceCheck.INVALID);
  }

  @Test
  void validate_cookieStrippedOfFeatureBits_returnsInvalid() {
    String nonce = nonces.issue(CLIENT);
    String bidDown =
        SecurityFeatures.NONE.cookie() + nonce.substring(SecurityFeatures.COOKIE_LENGTH);

    assertThat(nonces.validate(bidDown, CLIENT)).isEqualTo(NonceCheck.INVALID);
  }

  @Test
  void validate_garbage_returnsInvalid() {
    assertThat(nonces.validate("", CLIENT)).isEqualTo(NonceCheck.INVALID);
    assertThat(nonces.validate("f//SZXm3wK4r3Fmf", CLIENT)).isEqualTo(NonceCheck.INVALID);
    String sameLength = BOTH.cookie() + "!".repeat(NonceService.LENGTH - 13);
    assertThat(nonces.validate(sameLength, CLIENT)).isEqualTo(NonceCheck.INVALID);
  }

  @Test
  void validate_fromAnotherServerInstance_returnsInvalid() {
    var other = new NonceService(BOTH, Duration.ofSeconds(600), clock);

    assertThat(nonces.validate(other.issue(CLIENT), CLIENT)).isEqualTo(NonceCheck.INVALID);
  }

  @Test
  void validate_afterOneRotation_acceptsNonceFromPreviousKey() {
    String nonce = nonces.issue(CLIENT);
    nonces.rotateKey();

    assertThat(nonces.validate(nonce, CLIENT)).isEqualTo(NonceCheck.VALID);
    assertThat(nonces.validate(nonces.issue(CLIENT), CLIENT)).isEqualTo(NonceCheck.VALID);
  }

  @Test
  void validate_afterTwoRotations_rejectsNonceFromRetiredKey() {
    String nonce = nonces.issue(CLIENT);
    nonces.rotateKey();
    nonces.rotateKey();

    assertThat(nonces.validate(nonce, CLIENT)).isEqualTo(NonceCheck.INVALID);
  }

  @Test
  void issue_twiceForSameClient_givesDifferentNonces() {
    assertThat(nonces.issue(CLIENT)).isNotEqualTo(nonces.issue(CLIENT));
  }

  @Test
  void issue_passwordAlgorithmsAndAnonymity_startsWithCookieWAAA() {
    String nonce = nonces.issue(CLIENT);

    assertThat(nonce).startsWith("obMatJos2wAAA").hasSize(NonceService.LENGTH);
    assertThat(nonce.length()).isLessThan(128);
    assertThat(nonce.substring(13)).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void issue_passwordAlgorithmsOnly_startsWithCookieGAAA() {
    var md5AndSha =
        new NonceService(new SecurityFeatures(true, false), Duration.ofMinutes(10), clock);

    assertThat(md5AndSha.issue(CLIENT)).startsWith("obMatJos2gAAA");
  }

  @Test
  void issue_noFeatures_startsWithAllZeroCookie() {
    var legacy = new NonceService(SecurityFeatures.NONE, Duration.ofMinutes(10), clock);

    assertThat(legacy.issue(CLIENT)).startsWith("obMatJos2AAAA");
  }

  @Test
  void validate_ipv6Client_boundToAddressAndPort() {
    var v6 = new InetSocketAddress("2001:db8::1", 3478);
    String nonce = nonces.issue(v6);

    assertThat(nonces.validate(nonce, v6)).isEqualTo(NonceCheck.VALID);
    assertThat(nonces.validate(nonce, new InetSocketAddress("2001:db8::2", 3478)))
        .isEqualTo(NonceCheck.INVALID);
  }
}

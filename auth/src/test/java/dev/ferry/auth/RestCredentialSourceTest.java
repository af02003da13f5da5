package dev.ferry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.stun.integrity.PasswordAlgorithm;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RestCredentialSourceTest {
  private static final Instant EXPIRY = Instant.ofEpochSecond(1_700_000_000L);
  // printf '%s' '1700000000:alice:example.org:Oko4dt8u/EbTRjRUJWQDFm/zTCc=' | md5sum
  // (the password is the REST vector for secret 'north-wind', see RestCredentialsTest)
  private static final String NORTH_KEY = "72de66bbf35ce09d74a8826041313f09";
  // same with the 'south-wind' password u+5R+drkmnBZa4OorqB8uy+NTEY=
  private static final String SOUTH_KEY = "18e77a831314c10d5c62af2952f7be2a";

  private final MutableClock clock = MutableClock.atEpochSecond(1_699_999_000L);

  private RestCredentialSource source(String... secrets) {
    return new RestCredentialSource(new RestCredentials(SharedSecrets.ofUtf8(secrets), clock));
  }

  @Test
  void keys_validUsername_derivesMd5KeyFromRestPassword() {
    assertThat(source("north-wind").keys("1700000000:alice", "example.org", PasswordAlgorithm.MD5))
        .containsExactly(
            LongTermKey.expiring(
                "1700000000:alice",
                PasswordAlgorithm.MD5,
                HexFormat.of().parseHex(NORTH_KEY),
                EXPIRY));
  }

  @Test
  void keys_twoSecrets_returnsOneCandidatePerSecret() {
    var keys =
        source("south-wind", "north-wind")
            .keys("1700000000:alice", "example.org", PasswordAlgorithm.MD5);

    assertThat(keys)
        .extracting(key -> HexFormat.of().formatHex(key.bytes()))
        .containsExactly(SOUTH_KEY, NORTH_KEY);
  }

  @Test
  void keys_expiredUsername_returnsEmpty() {
    clock.set(EXPIRY);

    assertThat(source("north-wind").keys("1700000000:alice", "example.org", PasswordAlgorithm.MD5))
        .isEmpty();
  }

  @Test
  void keys_malformedUsername_returnsEmpty() {
    assertThat(source("north-wind").keys("alice", "example.org", PasswordAlgorithm.MD5)).isEmpty();
  }
}

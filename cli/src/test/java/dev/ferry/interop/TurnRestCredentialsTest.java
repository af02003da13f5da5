package dev.ferry.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TurnRestCredentialsTest {

  @Test
  void mint_expiryAndUser_namesUserAfterExpirySeconds() {
    TurnRestCredentials minted =
        TurnRestCredentials.mint("secret", "alice", Instant.ofEpochSecond(1_700_000_000L));

    assertThat(minted.username()).isEqualTo("1700000000:alice");
  }

  @Test
  void mint_knownSecret_passwordIsBase64HmacSha1OfUserName() {
    // Computed independently: printf '1700000000:alice' | openssl dgst -sha1 -hmac secret -binary
    // | base64
    TurnRestCredentials minted =
        TurnRestCredentials.mint("secret", "alice", Instant.ofEpochSecond(1_700_000_000L));

    assertThat(minted.password()).isEqualTo("d8soP47RbdIKLDUOpnJPVQyq5Ts=");
  }
}

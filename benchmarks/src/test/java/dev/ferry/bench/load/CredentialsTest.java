package dev.ferry.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CredentialsTest {
  // Expected values computed independently with Python's hmac, hashlib and base64 modules.

  @Test
  void rest_mintsExpiryColonUserWithBase64HmacSha1Password() {
    Credentials credentials = Credentials.rest("restsecret", "load", 1_700_000_000L);

    assertThat(credentials.username()).isEqualTo("1700000000:load");
    assertThat(credentials.password()).isEqualTo("n+WfpMJIQe0AEZNIBkL8ZsIu+AU=");
  }

  @Test
  void key_isMd5OfUsernameRealmPassword() {
    Credentials credentials = Credentials.rest("restsecret", "load", 1_700_000_000L);

    assertThat(HexFormat.of().formatHex(credentials.key("ferry.test")))
        .isEqualTo("adcc9d951e14c32908fcaa74ba17fb02");
  }
}

package dev.ferry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompositeCredentialSourceTest {
  private static final Realm REALM = new Realm("example.org");

  @Test
  void mayBlock_staticUsersAndRestSecrets_isFalse() {
    var composite =
        new CompositeCredentialSource(
            List.of(
                StaticUsers.none(REALM),
                new RestCredentialSource(
                    new RestCredentials(
                        SharedSecrets.ofUtf8("north-wind"), ':', java.time.Clock.systemUTC()))));

    assertThat(composite.mayBlock()).isFalse();
  }

  @Test
  void mayBlock_oneSourceThatMayBlock_isTrue() {
    CredentialSource database = (username, realm, algorithm) -> List.of();
    var composite = new CompositeCredentialSource(List.of(StaticUsers.none(REALM), database));

    assertThat(composite.mayBlock()).isTrue();
  }
}

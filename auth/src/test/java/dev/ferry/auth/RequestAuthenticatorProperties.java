package dev.ferry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.WithNull;

class RequestAuthenticatorProperties {
  private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.1", 50000);
  private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
  private final RequestAuthenticator authenticator =
      RequestAuthenticator.fromConfig(
          AuthConfig.defaults(new Realm("example.org"))
              .withStaticUsers(StaticUsers.parse(new Realm("example.org"), List.of("a:b")))
              .withRestSecrets(SharedSecrets.ofUtf8("s"), ':'),
          Runnable::run,
          clock);

  @Property(tries = 500)
  void authenticate_hostileFields_alwaysAnswersAndNeverAuthenticates(
      @ForAll("fields") @WithNull(0.3) byte[] username,
      @ForAll("fields") @WithNull(0.5) byte[] userhash,
      @ForAll("fields") @WithNull(0.2) byte[] realm,
      @ForAll("fields") @WithNull(0.2) byte[] nonce,
      @ForAll @IntRange(min = -1, max = 3) int algorithm,
      @ForAll @WithNull(0.5) @Size(max = 4) List<@IntRange(min = 0, max = 3) Integer> algorithms,
      @ForAll AuthRequest.Integrity integrity) {
    var request =
        new AuthRequest(
            CLIENT,
            integrity,
            username,
            userhash,
            realm,
            nonce,
            algorithm,
            algorithms,
            key -> false);

    AuthResult result = authenticator.authenticate(request).toCompletableFuture().join();

    assertThat(result).isNotInstanceOf(AuthResult.Authenticated.class);
    assertThat(result.errorCode()).isIn(400, 401, 438);
  }

  @Provide
  Arbitrary<byte[]> fields() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(800),
        Arbitraries.strings()
            .ofMaxLength(140)
            .map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        Arbitraries.just("example.org".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
        Arbitraries.just(
            authenticator
                .nonces()
                .issue(CLIENT)
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
  }
}

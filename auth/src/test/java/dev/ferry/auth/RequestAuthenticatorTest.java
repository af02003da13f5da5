package dev.ferry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.auth.AuthRequest.Integrity;
import dev.ferry.auth.AuthResult.Reason;
import dev.ferry.stun.integrity.PasswordAlgorithm;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The decision logic of RFC 8489 §9.2.4 on extracted attributes; the verifier here compares keys.
 * {@link StunRequestAuthenticationTest} drives the same checks with real messages and HMACs.
 */
class RequestAuthenticatorTest {
  private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.1", 50000);
  private static final byte[] MD5_KEY = filled(16, 1);
  private static final byte[] SHA_KEY = filled(32, 2);
  private static final List<Integer> OFFERED = List.of(2, 1);

  private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
  private final NonceService nonces =
      new NonceService(new SecurityFeatures(true, true), Duration.ofSeconds(600), clock);
  private final CredentialSource source =
      new CredentialSource() {
        @Override
        public List<LongTermKey> keys(String username, String realm, PasswordAlgorithm algorithm) {
          if (!username.equals("alice")) {
            return List.of();
          }
          return List.of(
              LongTermKey.of(
                  "alice", algorithm, algorithm == PasswordAlgorithm.MD5 ? MD5_KEY : SHA_KEY));
        }

        @Override
        public Optional<String> usernameForHash(byte[] userhash, String realm) {
          return Arrays.equals(userhash, filled(32, 7)) ? Optional.of("alice") : Optional.empty();
        }
      };
  private final RequestAuthenticator authenticator =
      new RequestAuthenticator(
          new Realm("example.org"),
          new CachingCredentialStore(source, Runnable::run, KeyCacheSettings.DEFAULT, clock, clock),
          nonces,
          List.of(PasswordAlgorithm.SHA256, PasswordAlgorithm.MD5),
          true);

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A request signed with {@code signingKey}; PASSWORD-ALGORITHM(S) as given. */
  private AuthRequest request(
      byte[] username,
      byte[] realm,
      String nonce,
      int algorithm,
      List<Integer> algorithms,
      byte[] signingKey) {
    return new AuthRequest(
        CLIENT,
        Integrity.MESSAGE_INTEGRITY,
        username,
        null,
        realm,
        nonce == null ? null : utf8(nonce),
        algorithm,
        algorithms,
        key -> Arrays.equals(key, signingKey));
  }

  private AuthRequest md5Request(String nonce, byte[] signingKey) {
    return request(utf8("alice"), utf8("example.org"), nonce, -1, null, signingKey);
  }

  private AuthResult run(AuthRequest request) {
    return authenticator.authenticate(request).toCompletableFuture().join();
  }

  @Test
  void authenticate_noIntegrity_challenges401WithRealmNonceAndAlgorithms() {
    var request =
        new AuthRequest(CLIENT, Integrity.NONE, null, null, null, null, -1, null, key -> false);

    var challenge = (AuthResult.Challenge) run(request);

    assertThat(challenge.code()).isEqualTo(401);
    assertThat(challenge.reason()).isEqualTo(Reason.NO_INTEGRITY);
    assertThat(challenge.realm()).isEqualTo("example.org");
    assertThat(nonces.validate(challenge.nonce(), CLIENT)).isEqualTo(NonceCheck.VALID);
    assertThat(challenge.passwordAlgorithms())
        .containsExactly(PasswordAlgorithm.SHA256, PasswordAlgorithm.MD5);
  }

  @Test
  void authenticate_rfc5389StyleMd5Request_isAuthenticated() {
    var result = run(md5Request(nonces.issue(CLIENT), MD5_KEY));

    assertThat(result)
        .isEqualTo(
            new AuthResult.Authenticated(
                "alice",
                LongTermKey.of("alice", PasswordAlgorithm.MD5, MD5_KEY),
                AuthResult.ResponseIntegrity.MESSAGE_INTEGRITY));
  }

  @Test
  void authenticate_missingNonce_returns400() {
    assertThat(run(md5Request(null, MD5_KEY)))
        .isEqualTo(new AuthResult.BadRequest(Reason.MISSING_ATTRIBUTE));
  }

  @Test
  void authenticate_missingUsernameAndUserhash_returns400() {
    var request = request(null, utf8("example.org"), nonces.issue(CLIENT), -1, null, MD5_KEY);

    assertThat(run(request)).isEqualTo(new AuthResult.BadRequest(Reason.MISSING_ATTRIBUTE));
  }

  @Test
  void authenticate_missingRealm_returns400() {
    var request = request(utf8("alice"), null, nonces.issue(CLIENT), -1, null, MD5_KEY);

    assertThat(run(request)).isEqualTo(new AuthResult.BadRequest(Reason.MISSING_ATTRIBUTE));
  }

  @Test
  void authenticate_usernameNotUtf8_returns400BeforeAnyLookup() {
    var request =
        request(
            new byte[] {(byte) 0xFF, 'a'},
            utf8("example.org"),
            nonces.issue(CLIENT),
            -1,
            null,
            MD5_KEY);

    assertThat(run(request)).isEqualTo(new AuthResult.BadRequest(Reason.INVALID_FIELD));
  }

  @Test
  void authenticate_realmWithNul_returns400() {
    var request =
        request(utf8("alice"), utf8("example.org\0"), nonces.issue(CLIENT), -1, null, MD5_KEY);

    assertThat(run(request)).isEqualTo(new AuthResult.BadRequest(Reason.INVALID_FIELD));
  }

  @Test
  void authenticate_userhashOfWrongLength_returns400() {
    var request =
        new AuthRequest(
            CLIENT,
            Integrity.MESSAGE_INTEGRITY,
            null,
            new byte[31],
            utf8("example.org"),
            utf8(nonces.issue(CLIENT)),
            -1,
            null,
            key -> true);

    assertThat(run(request)).isEqualTo(new AuthResult.BadRequest(Reason.INVALID_FIELD));
  }

  @Test
  void authenticate_userhashOfKnownUser_isAuthenticatedAsThatUser() {
    var request =
        new AuthRequest(
            CLIENT,
            Integrity.MESSAGE_INTEGRITY_SHA256,
            null,
            filled(32, 7),
            utf8("example.org"),
            utf8(nonces.issue(CLIENT)),
            2,
            OFFERED,
            key -> Arrays.equals(key, SHA_KEY));

    var result = (AuthResult.Authenticated) run(request);

    assertThat(result.username()).isEqualTo("alice");
    assertThat(result.algorithm()).isEqualTo(PasswordAlgorithm.SHA256);
    assertThat(result.integrity()).isEqualTo(AuthResult.ResponseIntegrity.MESSAGE_INTEGRITY_SHA256);
  }

  @Test
  void authenticate_unknownUserhash_challenges401() {
    var request =
        new AuthRequest(
            CLIENT,
            Integrity.MESSAGE_INTEGRITY,
            null,
            filled(32, 9),
            utf8("example.org"),
            utf8(nonces.issue(CLIENT)),
            -1,
            null,
            key -> true);

    assertThat(run(request).errorCode()).isEqualTo(401);
  }

  @Test
  void authenticate_sha256ChosenFromOfferedList_usesSha256Key() {
    var request =
        request(utf8("alice"), utf8("example.org"), nonces.issue(CLIENT), 2, OFFERED, SHA_KEY);

    var result = (AuthResult.Authenticated) run(request);

    assertThat(result.algorithm()).isEqualTo(PasswordAlgorithm.SHA256);
    assertThat(result.key().bytes()).isEqualTo(SHA_KEY);
  }

  @Test
  void authenticate_passwordAlgorithmWithoutList_returns400() {
    var request =
        request(utf8("alice"), utf8("example.org"), nonces.issue(CLIENT), 2, null, SHA_KEY);

    assertThat(run(request))
        .isEqualTo(new AuthResult.BadRequest(Reason.PASSWORD_ALGORITHM_MISMATCH));
  }

  @Test
  void authenticate_listWithoutPasswordAlgorithm_returns400() {
    var request =
        request(utf8("alice"), utf8("example.org"), nonces.issue(CLIENT), -1, OFFERED, MD5_KEY);

    assertThat(run(request))
        .isEqualTo(new AuthResult.BadRequest(Reason.PASSWORD_ALGORITHM_MISMATCH));
  }

  @Test
  void authenticate_echoedListDiffersFromOffer_returns400() {
    // A man in the middle removed SHA-256 from the offer: the echoed list gives it away.
    var request =
        request(utf8("alice"), utf8("example.org"), nonces.issue(CLIENT), 1, List.of(1), MD5_KEY);

    assertThat(run(request))
        .isEqualTo(new AuthResult.BadRequest(Reason.PASSWORD_ALGORITHM_MISMATCH));
  }

  @Test
  void authenticate_chosenAlgorithmNotInList_returns400() {
    var request =
        request(utf8("alice"), utf8("example.org"), nonces.issue(CLIENT), 3, OFFERED, MD5_KEY);

    assertThat(run(request))
        .isEqualTo(new AuthResult.BadRequest(Reason.PASSWORD_ALGORITHM_MISMATCH));
  }

  @Test
  void authenticate_otherRealm_challenges401() {
    var request =
        request(utf8("alice"), utf8("elsewhere"), nonces.issue(CLIENT), -1, null, MD5_KEY);

    var challenge = (AuthResult.Challenge) run(request);

    assertThat(challenge.code()).isEqualTo(401);
    assertThat(challenge.reason()).isEqualTo(Reason.WRONG_REALM);
    assertThat(challenge.realm()).isEqualTo("example.org");
  }

  @Test
  void authenticate_unknownUser_challenges401WithFreshNonce() {
    var request =
        request(utf8("mallory"), utf8("example.org"), nonces.issue(CLIENT), -1, null, MD5_KEY);

    var challenge = (AuthResult.Challenge) run(request);

    assertThat(challenge.code()).isEqualTo(401);
    assertThat(challenge.reason()).isEqualTo(Reason.UNKNOWN_USER);
    assertThat(nonces.validate(challenge.nonce(), CLIENT)).isEqualTo(NonceCheck.VALID);
  }

  @Test
  void authenticate_wrongKey_challenges401() {
    var challenge = (AuthResult.Challenge) run(md5Request(nonces.issue(CLIENT), filled(16, 9)));

    assertThat(challenge.code()).isEqualTo(401);
    assertThat(challenge.reason()).isEqualTo(Reason.BAD_INTEGRITY);
  }

  @Test
  void authenticate_wrongKeyAndStaleNonce_is401NotStale() {
    String nonce = nonces.issue(CLIENT);
    clock.advance(Duration.ofSeconds(600));

    assertThat(run(md5Request(nonce, filled(16, 9))).errorCode()).isEqualTo(401);
  }

  @Test
  void authenticate_staleNonce_returns438WithFreshValidNonce() {
    String nonce = nonces.issue(CLIENT);
    clock.advance(Duration.ofSeconds(600));

    var challenge = (AuthResult.Challenge) run(md5Request(nonce, MD5_KEY));

    assertThat(challenge.code()).isEqualTo(438);
    assertThat(challenge.reason()).isEqualTo(Reason.STALE_NONCE);
    assertThat(challenge.realm()).isEqualTo("example.org");
    assertThat(challenge.nonce()).isNotEqualTo(nonce);
    assertThat(nonces.validate(challenge.nonce(), CLIENT)).isEqualTo(NonceCheck.VALID);
  }

  @Test
  void authenticate_nonceFromAnotherPort_returns438() {
    String nonce = nonces.issue(new InetSocketAddress("192.0.2.1", 50001));

    var challenge = (AuthResult.Challenge) run(md5Request(nonce, MD5_KEY));

    assertThat(challenge.code()).isEqualTo(438);
    assertThat(challenge.reason()).isEqualTo(Reason.INVALID_NONCE);
  }

  @Test
  void authenticate_storeFails_returns500() {
    var failing =
        new RequestAuthenticator(
            new Realm("example.org"),
            new CachingCredentialStore(
                (username, realm, algorithm) -> {
                  throw new IllegalStateException("database down");
                },
                Runnable::run,
                KeyCacheSettings.DEFAULT,
                clock,
                clock),
            nonces,
            List.of(),
            false);

    var result = failing.authenticate(md5Request(nonces.issue(CLIENT), MD5_KEY));

    assertThat(result.toCompletableFuture().join().errorCode()).isEqualTo(500);
  }

  @Test
  void authenticate_inMemorySource_completesOnReturnWithoutTheLookupExecutor() {
    var users = StaticUsers.parse(new Realm("example.org"), List.of("bob:0x" + "11".repeat(16)));
    List<Runnable> queued = new java.util.ArrayList<>();
    var inline =
        new RequestAuthenticator(
            new Realm("example.org"),
            new CachingCredentialStore(users, queued::add, KeyCacheSettings.DEFAULT, clock, clock),
            nonces,
            List.of(),
            false);
    var request =
        request(utf8("bob"), utf8("example.org"), nonces.issue(CLIENT), -1, null, filled(16, 0x11));

    var result = inline.authenticate(request).toCompletableFuture();

    assertThat(result).isDone();
    assertThat(result.join()).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(queued).isEmpty();
  }

  @Test
  void authenticate_blockingSourceNotCached_completesOnTheLookupExecutor() {
    List<Runnable> queued = new java.util.ArrayList<>();
    var deferred =
        new RequestAuthenticator(
            new Realm("example.org"),
            new CachingCredentialStore(source, queued::add, KeyCacheSettings.DEFAULT, clock, clock),
            nonces,
            List.of(),
            false);

    var result =
        deferred.authenticate(md5Request(nonces.issue(CLIENT), MD5_KEY)).toCompletableFuture();

    assertThat(result).isNotDone();
    while (!queued.isEmpty()) {
      queued.remove(0).run();
    }
    assertThat(result.join()).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void authenticate_inMemorySourceFails_returns500() {
    var failing =
        new RequestAuthenticator(
            new Realm("example.org"),
            new CachingCredentialStore(
                new CredentialSource() {
                  @Override
                  public List<LongTermKey> keys(
                      String username, String realm, PasswordAlgorithm algorithm) {
                    throw new IllegalStateException("corrupt table");
                  }

                  @Override
                  public boolean mayBlock() {
                    return false;
                  }
                },
                command -> {
                  throw new AssertionError("an in-memory source never needs the executor");
                },
                KeyCacheSettings.DEFAULT,
                clock,
                clock),
            nonces,
            List.of(),
            false);

    var result = failing.authenticate(md5Request(nonces.issue(CLIENT), MD5_KEY));

    assertThat(result.toCompletableFuture().join().errorCode()).isEqualTo(500);
  }

  @Test
  void authenticate_rfc5389Server_challengeOmitsPasswordAlgorithms() {
    var legacy =
        new RequestAuthenticator(
            new Realm("example.org"),
            new CachingCredentialStore(
                source, Runnable::run, KeyCacheSettings.DEFAULT, clock, clock),
            new NonceService(SecurityFeatures.NONE, Duration.ofSeconds(600), clock),
            List.of(),
            false);
    var request =
        new AuthRequest(CLIENT, Integrity.NONE, null, null, null, null, -1, null, key -> false);

    var challenge =
        (AuthResult.Challenge) legacy.authenticate(request).toCompletableFuture().join();

    assertThat(challenge.passwordAlgorithms()).isEmpty();
    assertThat(challenge.nonce()).startsWith("obMatJos2AAAA");
  }

  @Test
  void fromConfig_staticUserAndRestSecret_bothAuthenticate() {
    var config =
        AuthConfig.defaults(new Realm("example.org"))
            .withStaticUsers(
                StaticUsers.parse(new Realm("example.org"), List.of("bob:0x" + "11".repeat(16))))
            .withRestSecrets(SharedSecrets.ofUtf8("north-wind"), ':');
    var wired = RequestAuthenticator.fromConfig(config, Runnable::run, clock);
    String nonce = wired.nonces().issue(CLIENT);
    // The REST key itself is checked in RestCredentialSourceTest; here the verifier accepts any
    // 16-byte key and the test checks that the store found carol's, with its expiry.
    var bob =
        new AuthRequest(
            CLIENT,
            Integrity.MESSAGE_INTEGRITY,
            utf8("bob"),
            null,
            utf8("example.org"),
            utf8(nonce),
            -1,
            null,
            key -> Arrays.equals(key, filled(16, 0x11)));
    var carol =
        new AuthRequest(
            CLIENT,
            Integrity.MESSAGE_INTEGRITY,
            utf8("1700000060:carol"),
            null,
            utf8("example.org"),
            utf8(nonce),
            -1,
            null,
            key -> key.length == 16);

    assertThat(((AuthResult.Authenticated) join(wired, bob)).username()).isEqualTo("bob");
    assertThat(((AuthResult.Authenticated) join(wired, carol)).key().expiresAt())
        .contains(java.time.Instant.ofEpochSecond(1_700_000_060L));
  }

  private static AuthResult join(RequestAuthenticator authenticator, AuthRequest request) {
    return authenticator.authenticate(request).toCompletableFuture().join();
  }
}

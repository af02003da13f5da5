package dev.ferry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.auth.AuthResult.Reason;
import dev.ferry.stun.AttributeType;
import dev.ferry.stun.DecodeStatus;
import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.StunWriter;
import dev.ferry.stun.integrity.PasswordAlgorithm;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** RFC 8489 §9.2.4 end to end: requests built with the codec's writer, real HMACs. */
class StunRequestAuthenticationTest {
  private static final InetSocketAddress CLIENT = new InetSocketAddress("198.51.100.7", 61000);
  private static final Realm REALM = new Realm("example.org");
  private static final byte[] TXID = HexFormat.of().parseHex("78ad3433c6ad72c029da412e");
  // printf '%s' 'alice:example.org:wonderland' | md5sum
  private static final byte[] ALICE_MD5 = hex("72f86f2053703faa0f521ce71cfe6f59");
  // printf '%s' 'alice:example.org:wonderland' | sha256sum
  private static final byte[] ALICE_SHA256 =
      hex("f0c3ae808cef897043f79de49549776f1f58cb7c5364e03ab40abac620459848");
  // printf '%s' 'alice:example.org' | sha256sum
  private static final byte[] ALICE_HASH =
      hex("435b7933096a304d3c734cfb833ec9075bd47ab1c0160321aed31c06a8c7009e");

  private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
  private final List<Runnable> lookups = new ArrayList<>();
  private final RequestAuthenticator authenticator =
      RequestAuthenticator.fromConfig(
          AuthConfig.defaults(REALM)
              .withStaticUsers(
                  StaticUsers.parse(
                      REALM,
                      List.of(
                          "alice:wonderland",
                          "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9:The\u00ADM\u00AAtr\u2168"))),
          lookups::add,
          clock);

  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  /** Builds a request, wraps it, authenticates it, releases it, then runs the lookups. */
  private AuthResult authenticate(Consumer<StunWriter> attributes) {
    ByteBuf buf = Unpooled.buffer();
    CompletionStage<AuthResult> stage;
    try {
      StunWriter writer =
          new StunWriter().begin(buf, StunMethod.ALLOCATE, MessageClass.REQUEST, TXID);
      attributes.accept(writer);
      StunMessage message = new StunMessage();
      assertThat(message.wrap(buf)).isEqualTo(DecodeStatus.OK);
      stage = authenticator.authenticate(message, CLIENT);
      message.clear();
    } finally {
      buf.release();
    }
    // The datagram is gone before the lookup runs, as on a real event loop.
    while (!lookups.isEmpty()) {
      lookups.remove(0).run();
    }
    return stage.toCompletableFuture().join();
  }

  private String nonce() {
    return authenticator.nonces().issue(CLIENT);
  }

  @Test
  void noIntegrity_challenges401WithRealmNonceAndPasswordAlgorithms() {
    var challenge = (AuthResult.Challenge) authenticate(w -> w.requestedTransport(17));

    assertThat(challenge.code()).isEqualTo(401);
    assertThat(challenge.reason()).isEqualTo(Reason.NO_INTEGRITY);
    assertThat(challenge.realm()).isEqualTo("example.org");
    assertThat(challenge.nonce()).startsWith("obMatJos2wAAA");
    assertThat(challenge.passwordAlgorithms())
        .containsExactly(PasswordAlgorithm.SHA256, PasswordAlgorithm.MD5);
  }

  @Test
  void rfc5389Client_md5KeyWithoutPasswordAlgorithm_isAuthenticated() {
    String nonce = nonce();

    var result =
        authenticate(
            w -> w.username("alice").realm("example.org").nonce(nonce).messageIntegrity(ALICE_MD5));

    assertThat(result)
        .isEqualTo(
            new AuthResult.Authenticated(
                "alice",
                LongTermKey.of("alice", PasswordAlgorithm.MD5, ALICE_MD5),
                AuthResult.ResponseIntegrity.MESSAGE_INTEGRITY));
  }

  @Test
  void rfc5389Client_withFingerprintAfterIntegrity_isAuthenticated() {
    String nonce = nonce();

    var result =
        authenticate(
            w ->
                w.username("alice")
                    .realm("example.org")
                    .nonce(nonce)
                    .messageIntegrity(ALICE_MD5)
                    .fingerprint());

    assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void rfc8489Client_sha256AlgorithmAndIntegrity_isAuthenticatedWithSha256Key() {
    String nonce = nonce();

    var result =
        (AuthResult.Authenticated)
            authenticate(
                w ->
                    w.username("alice")
                        .realm("example.org")
                        .nonce(nonce)
                        .passwordAlgorithms(2, 1)
                        .passwordAlgorithm(2)
                        .messageIntegritySha256(ALICE_SHA256));

    assertThat(result.algorithm()).isEqualTo(PasswordAlgorithm.SHA256);
    assertThat(result.key().bytes()).isEqualTo(ALICE_SHA256);
    assertThat(result.integrity()).isEqualTo(AuthResult.ResponseIntegrity.MESSAGE_INTEGRITY_SHA256);
  }

  @Test
  void userhashInsteadOfUsername_isAuthenticatedAsAlice() {
    String nonce = nonce();

    var result =
        (AuthResult.Authenticated)
            authenticate(
                w ->
                    w.userhash(ALICE_HASH)
                        .realm("example.org")
                        .nonce(nonce)
                        .passwordAlgorithms(2, 1)
                        .passwordAlgorithm(2)
                        .messageIntegritySha256(ALICE_SHA256));

    assertThat(result.username()).isEqualTo("alice");
  }

  @Test
  void integrityWithoutNonce_returns400() {
    var result =
        authenticate(w -> w.username("alice").realm("example.org").messageIntegrity(ALICE_MD5));

    assertThat(result).isEqualTo(new AuthResult.BadRequest(Reason.MISSING_ATTRIBUTE));
  }

  @Test
  void integrityWithoutUsername_returns400() {
    String nonce = nonce();

    var result = authenticate(w -> w.realm("example.org").nonce(nonce).messageIntegrity(ALICE_MD5));

    assertThat(result).isEqualTo(new AuthResult.BadRequest(Reason.MISSING_ATTRIBUTE));
  }

  @Test
  void usernameWithControlCharacter_returns400() {
    String nonce = nonce();

    var result =
        authenticate(
            w ->
                w.attribute(AttributeType.USERNAME, new byte[] {'a', 0x07})
                    .realm("example.org")
                    .nonce(nonce)
                    .messageIntegrity(ALICE_MD5));

    assertThat(result).isEqualTo(new AuthResult.BadRequest(Reason.INVALID_FIELD));
  }

  @Test
  void usernameAfterIntegrity_isIgnoredSoRequestLacksUsername() {
    String nonce = nonce();

    var result =
        authenticate(
            w -> w.realm("example.org").nonce(nonce).messageIntegrity(ALICE_MD5).username("alice"));

    assertThat(result).isEqualTo(new AuthResult.BadRequest(Reason.MISSING_ATTRIBUTE));
  }

  @Test
  void passwordAlgorithmsEchoedWithoutSha256_returns400() {
    String nonce = nonce();

    var result =
        authenticate(
            w ->
                w.username("alice")
                    .realm("example.org")
                    .nonce(nonce)
                    .passwordAlgorithms(1)
                    .passwordAlgorithm(1)
                    .messageIntegrity(ALICE_MD5));

    assertThat(result).isEqualTo(new AuthResult.BadRequest(Reason.PASSWORD_ALGORITHM_MISMATCH));
  }

  @Test
  void passwordAlgorithmWithoutEchoedList_returns400() {
    String nonce = nonce();

    var result =
        authenticate(
            w ->
                w.username("alice")
                    .realm("example.org")
                    .nonce(nonce)
                    .passwordAlgorithm(2)
                    .messageIntegritySha256(ALICE_SHA256));

    assertThat(result).isEqualTo(new AuthResult.BadRequest(Reason.PASSWORD_ALGORITHM_MISMATCH));
  }

  @Test
  void malformedPasswordAlgorithm_returns400() {
    String nonce = nonce();

    var result =
        authenticate(
            w ->
                w.username("alice")
                    .realm("example.org")
                    .nonce(nonce)
                    .passwordAlgorithms(2, 1)
                    // Algorithm 2 claiming 8 bytes of parameters in a 4-byte value.
                    .attribute(AttributeType.PASSWORD_ALGORITHM, new byte[] {0, 2, 0, 8})
                    .messageIntegritySha256(ALICE_SHA256));

    assertThat(result).isEqualTo(new AuthResult.BadRequest(Reason.PASSWORD_ALGORITHM_MISMATCH));
  }

  @Test
  void unknownUser_challenges401() {
    String nonce = nonce();

    var challenge =
        (AuthResult.Challenge)
            authenticate(
                w ->
                    w.username("mallory")
                        .realm("example.org")
                        .nonce(nonce)
                        .messageIntegrity(ALICE_MD5));

    assertThat(challenge.code()).isEqualTo(401);
    assertThat(challenge.reason()).isEqualTo(Reason.UNKNOWN_USER);
  }

  @Test
  void wrongPassword_challenges401() {
    String nonce = nonce();
    byte[] wrong = ALICE_MD5.clone();
    wrong[0] ^= 1;

    var challenge =
        (AuthResult.Challenge)
            authenticate(
                w -> w.username("alice").realm("example.org").nonce(nonce).messageIntegrity(wrong));

    assertThat(challenge.code()).isEqualTo(401);
    assertThat(challenge.reason()).isEqualTo(Reason.BAD_INTEGRITY);
    assertThat(challenge.realm()).isEqualTo("example.org");
  }

  @Test
  void md5IntegrityWhileClaimingSha256_challenges401() {
    String nonce = nonce();

    var challenge =
        (AuthResult.Challenge)
            authenticate(
                w ->
                    w.username("alice")
                        .realm("example.org")
                        .nonce(nonce)
                        .passwordAlgorithms(2, 1)
                        .passwordAlgorithm(2)
                        .messageIntegritySha256(ALICE_MD5));

    assertThat(challenge.reason()).isEqualTo(Reason.BAD_INTEGRITY);
  }

  @Test
  void staleNonce_returns438WithFreshNonceAndRealm() {
    String nonce = nonce();
    clock.advance(Duration.ofSeconds(600));

    var challenge =
        (AuthResult.Challenge)
            authenticate(
                w ->
                    w.username("alice")
                        .realm("example.org")
                        .nonce(nonce)
                        .messageIntegrity(ALICE_MD5));

    assertThat(challenge.code()).isEqualTo(438);
    assertThat(challenge.reason()).isEqualTo(Reason.STALE_NONCE);
    assertThat(challenge.realm()).isEqualTo("example.org");
    assertThat(authenticator.nonces().validate(challenge.nonce(), CLIENT))
        .isEqualTo(NonceCheck.VALID);
  }

  @Test
  void rfc5769LongTermVector_integrityVerifiesAndForeignNonceGets438() {
    // RFC 5769 §2.4 byte for byte: the HMAC verifies with the static user's key, so the request
    // gets past the 401 checks; its nonce was not minted here, hence 438 with a fresh one.
    byte[] vector =
        hex(
            "000100602112a44278ad3433c6ad72c029da412e"
                + "00060012e3839ee38388e383aae38383e382afe382b90000"
                + "0015001c662f2f3439396b39353464364f4c33346f4c394653547679363473"
                + "41"
                + "0014000b6578616d706c652e6f726700"
                + "00080014f67024656dd64a3e02b8e0712e85c9a28ca89666");
    ByteBuf buf = Unpooled.wrappedBuffer(vector);
    StunMessage message = new StunMessage();
    assertThat(message.wrap(buf)).isEqualTo(DecodeStatus.OK);

    var stage = authenticator.authenticate(message, CLIENT);
    lookups.forEach(Runnable::run);
    var challenge = (AuthResult.Challenge) stage.toCompletableFuture().join();

    assertThat(challenge.code()).isEqualTo(438);
    assertThat(challenge.reason()).isEqualTo(Reason.INVALID_NONCE);
  }
}

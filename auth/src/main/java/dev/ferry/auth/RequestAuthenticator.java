package dev.ferry.auth;

import dev.ferry.stun.integrity.PasswordAlgorithm;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs the long-term credential checks of RFC 8489 §9.2.4, in the RFC's order, on one request and
 * says what to answer. Text fields are validated before anything is looked up; lookups go through a
 * non-blocking {@link CredentialStore}. When the store has the keys at once (cached, or a source
 * that never blocks) the result is complete on return; otherwise it may complete on the store's
 * executor.
 *
 * <p>Only requests can be authenticated; indications never are (RFC 8489 §9.2, RFC 8656 §5), so the
 * server must not pass them here. Checking that a request on an existing allocation uses the
 * allocation's username (441) is the server's job, with {@link AuthResult.Authenticated#username}.
 *
 * <p>Choices the RFC leaves open, made here:
 *
 * <ul>
 *   <li>A malformed USERNAME, REALM or NONCE, or a USERHASH that is not 32 bytes, is a 400.
 *   <li>A REALM other than the server's is answered like an unknown user (401 with a challenge).
 *   <li>A nonce that was forged or minted for another client address is "no longer valid" and gets
 *       438 with a fresh nonce, exactly like an expired one (see {@link NonceCheck}).
 *   <li>Like the RFC, the nonce is checked after the integrity, so a wrong password is a 401 even
 *       with a stale nonce.
 * </ul>
 */
public final class RequestAuthenticator {
  private final Realm realm;
  private final CredentialStore store;
  private final NonceService nonces;
  private final List<PasswordAlgorithm> offered;
  private final List<Integer> offeredCodes;
  private final boolean usernameAnonymity;

  /**
   * @param offered algorithms announced in PASSWORD-ALGORITHMS, preferred first; empty for an RFC
   *     5389-style server
   */
  public RequestAuthenticator(
      Realm realm,
      CredentialStore store,
      NonceService nonces,
      List<PasswordAlgorithm> offered,
      boolean usernameAnonymity) {
    this.realm = Objects.requireNonNull(realm);
    this.store = Objects.requireNonNull(store);
    this.nonces = Objects.requireNonNull(nonces);
    this.offered = List.copyOf(offered);
    this.offeredCodes = this.offered.stream().map(PasswordAlgorithm::code).toList();
    this.usernameAnonymity = usernameAnonymity;
  }

  /**
   * Wires the authenticator a configuration describes: static users and REST secrets side by side,
   * looked up on {@code lookupExecutor} behind a Caffeine cache, nonces keyed at random.
   *
   * @param lookupExecutor runs credential lookups; must not be an event loop
   */
  public static RequestAuthenticator fromConfig(
      AuthConfig config, java.util.concurrent.Executor lookupExecutor, java.time.Clock clock) {
    List<CredentialSource> sources = new java.util.ArrayList<>();
    sources.add(config.staticUsers());
    if (!config.restSecrets().isEmpty()) {
      sources.add(
          new RestCredentialSource(
              new RestCredentials(config.restSecrets(), config.restSeparator(), clock)));
    }
    CredentialStore store =
        new CachingCredentialStore(
            new CompositeCredentialSource(sources),
            lookupExecutor,
            config.keyCache(),
            com.github.benmanes.caffeine.cache.Ticker.systemTicker(),
            clock);
    NonceService nonces =
        new NonceService(config.securityFeatures(), config.nonceLifetime(), clock);
    return new RequestAuthenticator(
        config.realm(), store, nonces, config.passwordAlgorithms(), config.usernameAnonymity());
  }

  public Realm realm() {
    return realm;
  }

  /** The nonce service, so the server can {@link NonceService#rotateKey() rotate} its key. */
  public NonceService nonces() {
    return nonces;
  }

  /**
   * Authenticates a decoded request from {@code source}. Everything needed is copied out before
   * this returns, so the caller may release the datagram and reuse the view at once.
   */
  public CompletionStage<AuthResult> authenticate(
      dev.ferry.stun.StunMessage message, java.net.InetSocketAddress source) {
    return authenticate(StunAuthRequests.from(message, source));
  }

  /** Authenticates {@code request}; never completes exceptionally for hostile input. */
  public CompletionStage<AuthResult> authenticate(AuthRequest request) {
    // 1. No integrity: challenge with REALM, a fresh NONCE and PASSWORD-ALGORITHMS.
    if (request.integrity() == AuthRequest.Integrity.NONE) {
      return done(challenge(AuthResult.UNAUTHENTICATED, AuthResult.Reason.NO_INTEGRITY, request));
    }
    // 2. Integrity without USERNAME/USERHASH, REALM or NONCE: 400.
    if ((request.username() == null && request.userhash() == null)
        || request.realm() == null
        || request.nonce() == null) {
      return done(new AuthResult.BadRequest(AuthResult.Reason.MISSING_ATTRIBUTE));
    }
    // Fields are checked before anything uses them.
    Optional<String> username = Optional.empty();
    if (request.username() != null) {
      if (!(FieldValidator.username(request.username()) instanceof FieldCheck.Valid valid)) {
        return done(new AuthResult.BadRequest(AuthResult.Reason.INVALID_FIELD));
      }
      username = Optional.of(valid.value());
    } else if (request.userhash().length != 32) {
      return done(new AuthResult.BadRequest(AuthResult.Reason.INVALID_FIELD));
    }
    if (!(FieldValidator.realm(request.realm()) instanceof FieldCheck.Valid realmField)
        || !(FieldValidator.nonce(request.nonce()) instanceof FieldCheck.Valid nonceField)) {
      return done(new AuthResult.BadRequest(AuthResult.Reason.INVALID_FIELD));
    }
    String nonce = nonceField.value();
    // 3. PASSWORD-ALGORITHM(S) against what the nonce's cookie says was offered.
    Optional<PasswordAlgorithm> algorithm = selectAlgorithm(request, nonce);
    if (algorithm.isEmpty()) {
      return done(new AuthResult.BadRequest(AuthResult.Reason.PASSWORD_ALGORITHM_MISMATCH));
    }
    // 4. USERNAME/USERHASH must name a user of this realm.
    if (!realmField.value().equals(realm.name())) {
      return done(challenge(AuthResult.UNAUTHENTICATED, AuthResult.Reason.WRONG_REALM, request));
    }
    if (username.isPresent()) {
      Optional<List<LongTermKey>> ready =
          store.keysNow(username.get(), realm.name(), algorithm.get());
      if (ready.isPresent()) {
        return done(verifyNow(request, username.get(), ready.get(), nonce));
      }
    }
    CompletionStage<Optional<String>> resolved =
        username.isPresent()
            ? CompletableFuture.completedFuture(username)
            : usernameAnonymity
                ? store.usernameForHash(request.userhash(), realm.name())
                : CompletableFuture.completedFuture(Optional.empty());
    return resolved
        .thenCompose(
            name ->
                name.isEmpty()
                    ? done(unknownUser(request))
                    : store
                        .keys(name.get(), realm.name(), algorithm.get())
                        .thenApply(keys -> verify(request, name.get(), keys, nonce)))
        // A failing store must not leave the request unanswered.
        .exceptionally(AuthResult.ServerError::new);
  }

  /** {@link #verify} for keys at hand; a failure is a server error, as on the deferred path. */
  private AuthResult verifyNow(
      AuthRequest request, String username, List<LongTermKey> keys, String nonce) {
    try {
      return verify(request, username, keys, nonce);
    } catch (RuntimeException e) {
      return new AuthResult.ServerError(e);
    }
  }

  private AuthResult verify(
      AuthRequest request, String username, List<LongTermKey> keys, String nonce) {
    if (keys.isEmpty()) {
      return unknownUser(request);
    }
    // 5. Integrity with each candidate key (several while REST secrets rotate).
    LongTermKey matched = null;
    for (LongTermKey key : keys) {
      if (request.verifier().verify(key.bytes())) {
        matched = key;
        break;
      }
    }
    if (matched == null) {
      return challenge(AuthResult.UNAUTHENTICATED, AuthResult.Reason.BAD_INTEGRITY, request);
    }
    // 6. The nonce: expired or not ours -> 438 with a fresh one.
    switch (nonces.validate(nonce, request.source())) {
      case STALE:
        return challenge(AuthResult.STALE_NONCE, AuthResult.Reason.STALE_NONCE, request);
      case INVALID:
        return challenge(AuthResult.STALE_NONCE, AuthResult.Reason.INVALID_NONCE, request);
      case VALID:
      default:
        return new AuthResult.Authenticated(
            username,
            matched,
            request.integrity() == AuthRequest.Integrity.MESSAGE_INTEGRITY_SHA256
                ? AuthResult.ResponseIntegrity.MESSAGE_INTEGRITY_SHA256
                : AuthResult.ResponseIntegrity.MESSAGE_INTEGRITY);
    }
  }

  /**
   * RFC 8489 §9.2.4, third check. With the "password algorithms" bit in the nonce cookie: neither
   * attribute means MD5; otherwise both must be present, PASSWORD-ALGORITHMS must equal what this
   * server offered and PASSWORD-ALGORITHM must be one of them. Without the bit (an RFC 5389 nonce,
   * which later fails the nonce check anyway) PASSWORD-ALGORITHM, if sent, must still be offered.
   * Empty means 400.
   */
  private Optional<PasswordAlgorithm> selectAlgorithm(AuthRequest request, String nonce) {
    boolean cookieOffersAlgorithms =
        SecurityFeatures.fromNonce(nonce).map(SecurityFeatures::passwordAlgorithms).orElse(false);
    int chosen = request.passwordAlgorithm();
    List<Integer> echoed = request.passwordAlgorithms();
    if (chosen < 0 && echoed == null) {
      return Optional.of(PasswordAlgorithm.MD5);
    }
    if (cookieOffersAlgorithms && (chosen < 0 || echoed == null || !echoed.equals(offeredCodes))) {
      return Optional.empty();
    }
    if (chosen < 0 || !offeredCodes.contains(chosen)) {
      return Optional.empty();
    }
    return Optional.of(offered.get(offeredCodes.indexOf(chosen)));
  }

  private AuthResult unknownUser(AuthRequest request) {
    return challenge(AuthResult.UNAUTHENTICATED, AuthResult.Reason.UNKNOWN_USER, request);
  }

  private AuthResult.Challenge challenge(int code, AuthResult.Reason reason, AuthRequest request) {
    return new AuthResult.Challenge(
        code, reason, realm.name(), nonces.issue(request.source()), offered);
  }

  private static CompletionStage<AuthResult> done(AuthResult result) {
    return CompletableFuture.completedFuture(result);
  }
}

package dev.ferry.auth;

import dev.ferry.stun.integrity.PasswordAlgorithm;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the long-term credential mechanism needs from the configuration (DESIGN §5).
 *
 * @param realm the realm every challenge names
 * @param staticUsers users already parsed and derived for {@code realm} (see {@link
 *     StaticUsers#parse}), so the configuration holds no plain passwords
 * @param restSecrets REST API shared secrets, minting secret first; empty disables REST
 * @param restSeparator between expiry and user id in REST usernames
 * @param nonceLifetime how long a nonce stays valid (RFC 8656 §5: expire at least hourly)
 * @param passwordAlgorithms offered in PASSWORD-ALGORITHMS, preferred first; empty means behave
 *     like an RFC 5389 server (MD5 keys only, no PASSWORD-ALGORITHMS)
 * @param usernameAnonymity whether USERHASH is accepted and announced in the nonce cookie
 * @param keyCache bounds of the derived-key cache
 */
public record AuthConfig(
    Realm realm,
    StaticUsers staticUsers,
    SharedSecrets restSecrets,
    char restSeparator,
    Duration nonceLifetime,
    List<PasswordAlgorithm> passwordAlgorithms,
    boolean usernameAnonymity,
    KeyCacheSettings keyCache) {

  /** RFC 8656 §5 asks for at most an hour; ten minutes matches the default allocation lifetime. */
  public static final Duration DEFAULT_NONCE_LIFETIME = Duration.ofSeconds(600);

  /** SHA-256 preferred; MD5 kept for RFC 5389 clients (browsers), as RFC 8489 §18.5.1.1 allows. */
  public static final List<PasswordAlgorithm> DEFAULT_PASSWORD_ALGORITHMS =
      List.of(PasswordAlgorithm.SHA256, PasswordAlgorithm.MD5);

  public AuthConfig {
    Objects.requireNonNull(realm);
    if (!staticUsers.realm().equals(realm.name())) {
      throw new IllegalArgumentException(
          "static users were derived for realm '" + staticUsers.realm() + "', not '" + realm + "'");
    }
    Objects.requireNonNull(restSecrets);
    passwordAlgorithms = List.copyOf(passwordAlgorithms);
    Objects.requireNonNull(keyCache);
    if (nonceLifetime.isNegative() || nonceLifetime.isZero()) {
      throw new IllegalArgumentException("nonce lifetime must be positive: " + nonceLifetime);
    }
    if (passwordAlgorithms.stream().distinct().count() != passwordAlgorithms.size()) {
      throw new IllegalArgumentException("password algorithms repeat: " + passwordAlgorithms);
    }
    if (!passwordAlgorithms.isEmpty() && !passwordAlgorithms.contains(PasswordAlgorithm.MD5)) {
      // A request without PASSWORD-ALGORITHM is processed as MD5 (RFC 8489 §9.2.4), so an
      // offer without MD5 would still have to accept it; say so instead of pretending.
      throw new IllegalArgumentException("password algorithms must include MD5");
    }
  }

  /** Defaults: no users, no REST, ':' separator, 600 s nonces, SHA-256 and MD5, USERHASH on. */
  public static AuthConfig defaults(Realm realm) {
    return new AuthConfig(
        realm,
        StaticUsers.none(realm),
        SharedSecrets.none(),
        RestCredentials.DEFAULT_SEPARATOR,
        DEFAULT_NONCE_LIFETIME,
        DEFAULT_PASSWORD_ALGORITHMS,
        true,
        KeyCacheSettings.DEFAULT);
  }

  public AuthConfig withStaticUsers(StaticUsers users) {
    return new AuthConfig(
        realm,
        users,
        restSecrets,
        restSeparator,
        nonceLifetime,
        passwordAlgorithms,
        usernameAnonymity,
        keyCache);
  }

  public AuthConfig withRestSecrets(SharedSecrets secrets, char separator) {
    return new AuthConfig(
        realm,
        staticUsers,
        secrets,
        separator,
        nonceLifetime,
        passwordAlgorithms,
        usernameAnonymity,
        keyCache);
  }

  public AuthConfig withNonceLifetime(Duration lifetime) {
    return new AuthConfig(
        realm,
        staticUsers,
        restSecrets,
        restSeparator,
        lifetime,
        passwordAlgorithms,
        usernameAnonymity,
        keyCache);
  }

  public AuthConfig withPasswordAlgorithms(List<PasswordAlgorithm> algorithms, boolean userhash) {
    return new AuthConfig(
        realm,
        staticUsers,
        restSecrets,
        restSeparator,
        nonceLifetime,
        algorithms,
        userhash,
        keyCache);
  }

  public AuthConfig withKeyCache(KeyCacheSettings settings) {
    return new AuthConfig(
        realm,
        staticUsers,
        restSecrets,
        restSeparator,
        nonceLifetime,
        passwordAlgorithms,
        usernameAnonymity,
        settings);
  }

  /** The feature bits every nonce cookie announces (RFC 8489 §9.2, §18.1). */
  public SecurityFeatures securityFeatures() {
    return new SecurityFeatures(!passwordAlgorithms.isEmpty(), usernameAnonymity);
  }

  @Override
  public String toString() {
    return "AuthConfig[realm="
        + realm
        + ", "
        + staticUsers
        + ", "
        + restSecrets
        + ", separator='"
        + restSeparator
        + "', nonceLifetime="
        + nonceLifetime
        + ", passwordAlgorithms="
        + passwordAlgorithms
        + ", usernameAnonymity="
        + usernameAnonymity
        + ", "
        + keyCache
        + "]";
  }
}

package dev.ferry.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-limited credentials from shared secrets (draft-uberti-behave-turn-rest-00 §2.2): username
 * {@code <expiry-unix-seconds><separator><user>}, password {@code base64(HMAC-SHA1(secret,
 * username))}. Both sides only need the secret, so the TURN server keeps no per-user state.
 */
public final class RestCredentials {
  /** coturn's default; configurable because some deployments put colons in user ids. */
  public static final char DEFAULT_SEPARATOR = ':';

  /** A unix timestamp in seconds fits in 19 digits until long after anyone cares. */
  private static final int MAX_EXPIRY_DIGITS = 19;

  private final SharedSecrets secrets;
  private final char separator;
  private final Clock clock;

  public RestCredentials(SharedSecrets secrets, char separator, Clock clock) {
    this.secrets = Objects.requireNonNull(secrets);
    this.separator = separator;
    this.clock = Objects.requireNonNull(clock);
  }

  public RestCredentials(SharedSecrets secrets, Clock clock) {
    this(secrets, DEFAULT_SEPARATOR, clock);
  }

  public char separator() {
    return separator;
  }

  /** Mints a credential valid for {@code ttl} from now, with the first (minting) secret. */
  public RestCredential mint(String user, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive: " + ttl);
    }
    long expiry = clock.instant().plus(ttl).getEpochSecond();
    String username = expiry + String.valueOf(separator) + user;
    return new RestCredential(
        username, password(secrets.minting(), username), Instant.ofEpochSecond(expiry));
  }

  /**
   * Parses the expiry out of {@code username} and compares it with the clock. The expiry is
   * everything before the first separator; without a separator the whole username is the expiry
   * (coturn accepts that form too). Expired means the expiry second has been reached.
   */
  public RestUsernameCheck check(String username) {
    int cut = username.indexOf(separator);
    String expiryText = cut < 0 ? username : username.substring(0, cut);
    String user = cut < 0 ? "" : username.substring(cut + 1);
    if (expiryText.isEmpty()) {
      return new RestUsernameCheck.Malformed("missing expiry timestamp");
    }
    if (expiryText.length() > MAX_EXPIRY_DIGITS) {
      return new RestUsernameCheck.Malformed("expiry timestamp too long");
    }
    for (int i = 0; i < expiryText.length(); i++) {
      char c = expiryText.charAt(i);
      if (c < '0' || c > '9') {
        return new RestUsernameCheck.Malformed("expiry timestamp is not decimal digits");
      }
    }
    long expiry;
    try {
      expiry = Long.parseLong(expiryText);
    } catch (NumberFormatException e) {
      return new RestUsernameCheck.Malformed("expiry timestamp overflows");
    }
    if (expiry > Instant.MAX.getEpochSecond()) {
      return new RestUsernameCheck.Malformed("expiry timestamp overflows");
    }
    Instant expiresAt = Instant.ofEpochSecond(expiry);
    if (clock.instant().getEpochSecond() >= expiry) {
      return new RestUsernameCheck.Expired(expiresAt);
    }
    return new RestUsernameCheck.Valid(expiresAt, user);
  }

  /** The password each configured secret gives for {@code username}, minting secret first. */
  public List<SecretBytes> candidatePasswords(String username) {
    return secrets.all().stream().map(secret -> password(secret, username)).toList();
  }

  /** {@code base64(HMAC-SHA1(secret, username))}. */
  public static SecretBytes password(SecretBytes secret, String username) {
    byte[] key = secret.bytes();
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      byte[] digest = mac.doFinal(username.getBytes(StandardCharsets.UTF_8));
      return SecretBytes.of(Base64.getEncoder().encode(digest));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is mandatory in every JRE", e);
    } finally {
      java.util.Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "RestCredentials[separator='" + separator + "', " + secrets + "]";
  }
}

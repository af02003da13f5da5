package dev.ferry.auth;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless nonces (RFC 8489 §9.2, §9.2.4; RFC 8656 §5): the server remembers nothing per client,
 * the nonce carries its own issue time and an HMAC binding it to the client's IP address and port.
 *
 * <p>Layout: the 13-character nonce cookie, then base64url of 8 bytes issue time (unix seconds), 9
 * random bytes (a fresh nonce for every challenge, RFC 8656 §5) and the first 16 bytes of
 * HMAC-SHA256(server key, cookie | time | random | client IP | client port). 57 characters in all,
 * within the 128-character limit and using only qdtext characters. The MAC covers the cookie, so
 * stripping the security-feature bits (a bid-down attack, RFC 8489 §9.2.1) invalidates the nonce.
 *
 * <p>The server key is random at construction. {@link #rotateKey()} replaces it while still
 * accepting nonces minted with the previous key, so rotation never forces a 438 on honest clients.
 */
public final class NonceService {
  private static final int TIME_BYTES = 8;
  // 33 bytes are exactly 44 base64 characters: no spare bits a tamperer could flip unnoticed.
  private static final int RANDOM_BYTES = 9;
  private static final int MAC_BYTES = 16;
  private static final int KEY_BYTES = 32;
  private static final int BODY_BYTES = TIME_BYTES + RANDOM_BYTES + MAC_BYTES;
  private static final int BODY_CHARS = BODY_BYTES / 3 * 4;

  /** Total nonce length in characters. */
  public static final int LENGTH = SecurityFeatures.COOKIE_LENGTH + BODY_CHARS;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /** Mac.getInstance walks the provider list; one instance per thread avoids that per packet. */
  private static final ThreadLocal<Mac> HMAC_SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Mac.getInstance("HmacSHA256");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("HmacSHA256 is mandatory in every JRE", e);
            }
          });

  private final Clock clock;
  private final Duration lifetime;
  private final SecureRandom random;
  private final String cookie;
  private final byte[] cookieBytes;
  private volatile Keys keys;

  private record Keys(SecretKeySpec current, SecretKeySpec previous) {}

  /**
   * @param features the security features to announce in every nonce's cookie
   * @param lifetime how long a nonce stays valid; RFC 8656 §5 wants at most an hour
   */
  public NonceService(
      SecurityFeatures features, Duration lifetime, Clock clock, SecureRandom random) {
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("nonce lifetime must be positive: " + lifetime);
    }
    this.clock = Objects.requireNonNull(clock);
    this.lifetime = lifetime;
    this.random = Objects.requireNonNull(random);
    this.cookie = features.cookie();
    this.cookieBytes = cookie.getBytes(StandardCharsets.US_ASCII);
    SecretKeySpec first = newKey();
    this.keys = new Keys(first, first);
  }

  public NonceService(SecurityFeatures features, Duration lifetime, Clock clock) {
    this(features, lifetime, clock, new SecureRandom());
  }

  public Duration lifetime() {
    return lifetime;
  }

  /** Mints a new nonce for a challenge sent to {@code client}. */
  public String issue(InetSocketAddress client) {
    byte[] body = new byte[BODY_BYTES];
    ByteBuffer.wrap(body).putLong(clock.instant().getEpochSecond());
    byte[] salt = new byte[RANDOM_BYTES];
    random.nextBytes(salt);
    System.arraycopy(salt, 0, body, TIME_BYTES, RANDOM_BYTES);
    byte[] mac = mac(keys.current(), body, client);
    System.arraycopy(mac, 0, body, TIME_BYTES + RANDOM_BYTES, MAC_BYTES);
    return cookie + ENCODER.encodeToString(body);
  }

  /** Checks a nonce a request from {@code client} echoed. Never throws on hostile input. */
  public NonceCheck validate(String nonce, InetSocketAddress client) {
    if (nonce.length() != LENGTH || !nonce.startsWith(cookie)) {
      return NonceCheck.INVALID;
    }
    byte[] body;
    try {
      body = DECODER.decode(nonce.substring(cookie.length()));
    } catch (IllegalArgumentException e) {
      return NonceCheck.INVALID;
    }
    if (body.length != BODY_BYTES) {
      return NonceCheck.INVALID;
    }
    byte[] presented = new byte[MAC_BYTES];
    System.arraycopy(body, TIME_BYTES + RANDOM_BYTES, presented, 0, MAC_BYTES);
    Keys current = keys;
    if (!macMatches(current.current(), body, client, presented)
        && !macMatches(current.previous(), body, client, presented)) {
      return NonceCheck.INVALID;
    }
    long issued = ByteBuffer.wrap(body).getLong();
    long now = clock.instant().getEpochSecond();
    long limit = lifetime.getSeconds();
    // A clock stepped back must not stretch a nonce's life, so the age is checked both ways.
    if (now - issued >= limit || issued - now >= limit) {
      return NonceCheck.STALE;
    }
    return NonceCheck.VALID;
  }

  /** Starts minting with a fresh random key; nonces from the key before stay valid. */
  public void rotateKey() {
    synchronized (this) {
      keys = new Keys(newKey(), keys.current());
    }
  }

  private boolean macMatches(
      SecretKeySpec key, byte[] body, InetSocketAddress client, byte[] presented) {
    byte[] expected = java.util.Arrays.copyOf(mac(key, body, client), MAC_BYTES);
    return MessageDigest.isEqual(expected, presented);
  }

  private byte[] mac(SecretKeySpec key, byte[] body, InetSocketAddress client) {
    try {
      Mac mac = HMAC_SHA256.get();
      mac.init(key);
      mac.update(cookieBytes);
      mac.update(body, 0, TIME_BYTES + RANDOM_BYTES);
      // An unresolved address has no bytes; binding to its name keeps the nonce address-bound.
      byte[] ip =
          client.getAddress() != null
              ? client.getAddress().getAddress()
              : client.getHostString().getBytes(StandardCharsets.UTF_8);
      mac.update((byte) ip.length);
      mac.update(ip);
      mac.update((byte) (client.getPort() >>> 8));
      mac.update((byte) client.getPort());
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is mandatory in every JRE", e);
    }
  }

  private SecretKeySpec newKey() {
    byte[] key = new byte[KEY_BYTES];
    random.nextBytes(key);
    return new SecretKeySpec(key, "HmacSHA256");
  }

  @Override
  public String toString() {
    return "NonceService[lifetime=" + lifetime + ", cookie=" + cookie + "]";
  }
}

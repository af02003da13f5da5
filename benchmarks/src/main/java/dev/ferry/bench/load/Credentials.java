package dev.ferry.bench.load;

import dev.ferry.stun.integrity.PasswordAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Long-term credentials a load client authenticates with: a static user, or a username minted from
 * a REST shared secret (the "TURN REST API" scheme coturn calls use-auth-secret).
 */
public final class Credentials {
  private final String username;
  private final String password;

  private Credentials(String username, String password) {
    this.username = username;
    this.password = password;
  }

  /** A static user known to the server. */
  public static Credentials longTerm(String username, String password) {
    return new Credentials(username, password);
  }

  /**
   * Mints {@code <expiresAtEpochSeconds>:<user>} with password base64(HMAC-SHA1(secret, username)).
   */
  public static Credentials rest(String secret, String user, long expiresAtEpochSeconds) {
    String username = expiresAtEpochSeconds + ":" + user;
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      byte[] digest = mac.doFinal(username.getBytes(StandardCharsets.UTF_8));
      return new Credentials(username, Base64.getEncoder().encodeToString(digest));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks HmacSHA1", e);
    }
  }

  /** The USERNAME to send. */
  public String username() {
    return username;
  }

  /** The password the key is derived from. */
  public String password() {
    return password;
  }

  /** The MESSAGE-INTEGRITY key for {@code realm}: MD5(username:realm:password). */
  public byte[] key(String realm) {
    return PasswordAlgorithm.MD5.deriveKey(username, realm, password);
  }
}

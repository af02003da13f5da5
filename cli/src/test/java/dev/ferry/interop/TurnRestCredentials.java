package dev.ferry.interop;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-limited TURN credentials as the TURN REST API draft mints them from a shared secret: user
 * name {@code <expiry-epoch-seconds>:<user>}, password base64(HMAC-SHA1(secret, user name)).
 */
public record TurnRestCredentials(String username, String password) {

  /** Mints credentials that a server holding {@code sharedSecret} accepts until {@code expiry}. */
  public static TurnRestCredentials mint(String sharedSecret, String user, Instant expiry) {
    String username = expiry.getEpochSecond() + ":" + user;
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(sharedSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      byte[] digest = mac.doFinal(username.getBytes(StandardCharsets.UTF_8));
      return new TurnRestCredentials(username, Base64.getEncoder().encodeToString(digest));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA1", e);
    }
  }
}

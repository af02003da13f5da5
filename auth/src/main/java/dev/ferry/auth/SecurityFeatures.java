package dev.ferry.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The 24 STUN Security Feature bits a server announces in its "nonce cookie" so that a
 * man-in-the-middle cannot silently strip them (RFC 8489 §9.2, §9.2.1, §18.1). Bit 0 is the most
 * significant bit of the first of three bytes.
 */
public record SecurityFeatures(boolean passwordAlgorithms, boolean usernameAnonymity) {
  /** The fixed part of the nonce cookie (RFC 8489 §9.2). */
  public static final String COOKIE_PREFIX = "obMatJos2";

  /** "obMatJos2" plus four base64 characters. */
  public static final int COOKIE_LENGTH = COOKIE_PREFIX.length() + 4;

  public static final SecurityFeatures NONE = new SecurityFeatures(false, false);

  private static final int BIT_PASSWORD_ALGORITHMS = 1 << 23;
  private static final int BIT_USERNAME_ANONYMITY = 1 << 22;

  /** The 24 bits as an int, bit 0 of the registry being bit 23 of the int. */
  public int bits() {
    return (passwordAlgorithms ? BIT_PASSWORD_ALGORITHMS : 0)
        | (usernameAnonymity ? BIT_USERNAME_ANONYMITY : 0);
  }

  /** The 13-character nonce cookie that starts every nonce this server hands out. */
  public String cookie() {
    int bits = bits();
    byte[] raw = {(byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    return COOKIE_PREFIX + Base64.getEncoder().encodeToString(raw);
  }

  /**
   * The features announced by the cookie {@code nonce} starts with, or empty when it does not start
   * with a well-formed cookie (an RFC 5389-style nonce). Unassigned bits are ignored.
   */
  public static Optional<SecurityFeatures> fromNonce(String nonce) {
    if (nonce.length() < COOKIE_LENGTH || !nonce.startsWith(COOKIE_PREFIX)) {
      return Optional.empty();
    }
    byte[] raw;
    try {
      raw =
          Base64.getDecoder()
              .decode(
                  nonce
                      .substring(COOKIE_PREFIX.length(), COOKIE_LENGTH)
                      .getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int bits = (raw[0] & 0xff) << 16 | (raw[1] & 0xff) << 8 | (raw[2] & 0xff);
    return Optional.of(
        new SecurityFeatures(
            (bits & BIT_PASSWORD_ALGORITHMS) != 0, (bits & BIT_USERNAME_ANONYMITY) != 0));
  }
}

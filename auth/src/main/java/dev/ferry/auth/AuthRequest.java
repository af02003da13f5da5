package dev.ferry.auth;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * What the long-term mechanism reads from a request, copied out of the datagram so that it can
 * outlive {@code channelRead} while a credential lookup runs on another thread. Absent attributes
 * are {@code null}; attribute values are raw bytes, checked by {@link RequestAuthenticator}.
 *
 * @param source the client's transport address (what the nonce is bound to)
 * @param integrity which integrity attribute the request carries, if any
 * @param username USERNAME value or null
 * @param userhash USERHASH value or null
 * @param realm REALM value or null
 * @param nonce NONCE value or null
 * @param passwordAlgorithm PASSWORD-ALGORITHM algorithm number, or -1 when absent
 * @param passwordAlgorithms PASSWORD-ALGORITHMS algorithm numbers in order, or null when absent
 * @param verifier checks the request's integrity attribute with a candidate key
 */
public record AuthRequest(
    InetSocketAddress source,
    Integrity integrity,
    byte[] username,
    byte[] userhash,
    byte[] realm,
    byte[] nonce,
    int passwordAlgorithm,
    List<Integer> passwordAlgorithms,
    IntegrityVerifier verifier) {

  /** The strongest integrity attribute present; MESSAGE-INTEGRITY-SHA256 wins when both are. */
  public enum Integrity {
    NONE,
    MESSAGE_INTEGRITY,
    MESSAGE_INTEGRITY_SHA256
  }

  /** Checks the request's integrity attribute (chosen as in {@link Integrity}) with a key. */
  @FunctionalInterface
  public interface IntegrityVerifier {
    boolean verify(byte[] key);
  }

  public AuthRequest {
    Objects.requireNonNull(source);
    Objects.requireNonNull(integrity);
    Objects.requireNonNull(verifier);
    passwordAlgorithms = passwordAlgorithms == null ? null : List.copyOf(passwordAlgorithms);
  }

  @Override
  public String toString() {
    return "AuthRequest[" + source + ", " + integrity + "]";
  }
}

package dev.ferry.stun.integrity;

import java.security.DigestException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * HMAC (RFC 2104) built on a reusable {@link MessageDigest}, because {@code javax.crypto.Mac}
 * allocates its output array on every {@code doFinal} while {@link MessageDigest#digest(byte[],
 * int, int)} writes into the caller's array. One instance per thread: it is stateful and not
 * shared.
 *
 * <p>HMAC(K, m) = H((K0 ^ opad) || H((K0 ^ ipad) || m)), K0 being K zero-padded to the 64-byte
 * block of SHA-1 and SHA-256, or H(K) padded when K is longer than a block. The padded blocks are
 * kept for the last key, so a connection that repeats its key skips the key schedule.
 */
final class Hmac {
  private static final int BLOCK = 64;
  private static final byte IPAD = 0x36;
  private static final byte OPAD = 0x5c;

  private final MessageDigest digest;
  private final int length;
  private final byte[] innerPad = new byte[BLOCK];
  private final byte[] outerPad = new byte[BLOCK];
  private final byte[] innerHash;
  private final byte[] lastKey = new byte[BLOCK];
  private int lastKeyLength = -1;

  /** An HMAC over {@code digestAlgorithm} ("SHA-1" or "SHA-256": both have 64-byte blocks). */
  Hmac(String digestAlgorithm) {
    try {
      digest = MessageDigest.getInstance(digestAlgorithm);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks " + digestAlgorithm, e);
    }
    length = digest.getDigestLength();
    innerHash = new byte[length];
  }

  /** Output length in bytes. */
  int length() {
    return length;
  }

  /** Starts a MAC under {@code key}, discarding any unfinished one. */
  Hmac start(byte[] key) {
    if (key.length != lastKeyLength
        || !Arrays.equals(lastKey, 0, lastKeyLength, key, 0, key.length)) {
      schedule(key);
    }
    digest.reset();
    digest.update(innerPad, 0, BLOCK);
    return this;
  }

  /** Feeds {@code len} bytes of {@code data} at {@code off}. */
  void update(byte[] data, int off, int len) {
    digest.update(data, off, len);
  }

  /** Writes the MAC ({@link #length()} bytes) into {@code out} at {@code off}. */
  void finish(byte[] out, int off) {
    try {
      digest.digest(innerHash, 0, length);
      digest.update(outerPad, 0, BLOCK);
      digest.update(innerHash, 0, length);
      digest.digest(out, off, length);
    } catch (DigestException e) {
      throw new IllegalArgumentException("output too short for " + length + " bytes", e);
    }
  }

  private void schedule(byte[] key) {
    byte[] k0 = innerPad;
    Arrays.fill(k0, (byte) 0);
    if (key.length > BLOCK) {
      digest.reset();
      digest.update(key, 0, key.length);
      try {
        digest.digest(k0, 0, length);
      } catch (DigestException e) {
        throw new IllegalStateException(e);
      }
      lastKeyLength = -1; // not cached: long keys are rare (not STUN's 16/32-byte keys)
    } else {
      System.arraycopy(key, 0, k0, 0, key.length);
      System.arraycopy(key, 0, lastKey, 0, key.length);
      lastKeyLength = key.length;
    }
    for (int i = 0; i < BLOCK; i++) {
      outerPad[i] = (byte) (k0[i] ^ OPAD);
      innerPad[i] = (byte) (k0[i] ^ IPAD);
    }
  }
}

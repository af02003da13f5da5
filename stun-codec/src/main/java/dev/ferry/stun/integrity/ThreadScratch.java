package dev.ferry.stun.integrity;

import io.netty.buffer.ByteBuf;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per-thread digest engines and scratch arrays, so integrity work allocates nothing per message.
 */
final class ThreadScratch {
  private static final ThreadLocal<ThreadScratch> CURRENT =
      ThreadLocal.withInitial(ThreadScratch::new);

  final CRC32 crc = new CRC32();
  final byte[] header = new byte[20];
  final byte[] chunk = new byte[512];
  final byte[] mac = new byte[32];
  private final KeyedMac sha1 = new KeyedMac("HmacSHA1");
  private final KeyedMac sha256 = new KeyedMac("HmacSHA256");

  static ThreadScratch get() {
    return CURRENT.get();
  }

  Mac hmacSha1(byte[] key) {
    return sha1.keyed(key);
  }

  Mac hmacSha256(byte[] key) {
    return sha256.keyed(key);
  }

  /**
   * Feeds {@code length} bytes of {@code buf} at {@code index} to {@code crc}, without allocating.
   */
  void update(CRC32 target, ByteBuf buf, int index, int length) {
    if (buf.hasArray()) {
      target.update(buf.array(), buf.arrayOffset() + index, length);
      return;
    }
    while (length > 0) {
      int n = Math.min(length, chunk.length);
      buf.getBytes(index, chunk, 0, n);
      target.update(chunk, 0, n);
      index += n;
      length -= n;
    }
  }

  /**
   * Feeds {@code length} bytes of {@code buf} at {@code index} to {@code mac}, without allocating.
   */
  void update(Mac target, ByteBuf buf, int index, int length) {
    if (buf.hasArray()) {
      target.update(buf.array(), buf.arrayOffset() + index, length);
      return;
    }
    while (length > 0) {
      int n = Math.min(length, chunk.length);
      buf.getBytes(index, chunk, 0, n);
      target.update(chunk, 0, n);
      index += n;
      length -= n;
    }
  }

  /** A Mac that is re-keyed only when the key changes. */
  private static final class KeyedMac {
    private final Mac mac;
    private byte[] key = new byte[0];
    private boolean initialised;

    KeyedMac(String algorithm) {
      try {
        mac = Mac.getInstance(algorithm);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("JDK lacks " + algorithm, e);
      }
    }

    Mac keyed(byte[] newKey) {
      if (!initialised || !Arrays.equals(key, newKey)) {
        // SecretKeySpec refuses an empty key; HMAC pads keys with zeros, so {0} is the same key.
        byte[] effective = newKey.length == 0 ? new byte[1] : newKey;
        try {
          mac.init(new SecretKeySpec(effective, mac.getAlgorithm()));
        } catch (InvalidKeyException e) {
          throw new IllegalStateException(e);
        }
        key = newKey.clone();
        initialised = true;
      } else {
        mac.reset();
      }
      return mac;
    }
  }
}

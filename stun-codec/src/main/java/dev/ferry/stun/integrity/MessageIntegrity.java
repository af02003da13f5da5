package dev.ferry.stun.integrity;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import io.netty.buffer.ByteBuf;

/**
 * MESSAGE-INTEGRITY (HMAC-SHA1) and MESSAGE-INTEGRITY-SHA256 (HMAC-SHA256) checks over a wrapped
 * message, computed without rewriting the input: the header goes through a scratch copy whose
 * Length is patched as if the integrity attribute were last (RFC 8489 §14.5, §14.6).
 */
public final class MessageIntegrity {
  /** MESSAGE-INTEGRITY value length (HMAC-SHA1). */
  public static final int SHA1_LENGTH = 20;

  /** Full MESSAGE-INTEGRITY-SHA256 value length. */
  public static final int SHA256_LENGTH = 32;

  /** Shortest truncated MESSAGE-INTEGRITY-SHA256 value (RFC 8489 §14.6). */
  public static final int SHA256_MIN_LENGTH = 16;

  private MessageIntegrity() {}

  /**
   * True if {@code message} carries a MESSAGE-INTEGRITY of 20 bytes equal to HMAC-SHA1 with {@code
   * key}. Absent or malformed is false. The comparison is constant-time.
   */
  public static boolean check(StunMessage message, byte[] key) {
    int i = message.indexOf(AttributeType.MESSAGE_INTEGRITY);
    if (i < 0 || message.valueLengthAt(i) != SHA1_LENGTH) {
      return false;
    }
    ThreadScratch scratch = ThreadScratch.get();
    return verify(message, i, scratch.hmacSha1(key), scratch);
  }

  /**
   * True if {@code message} carries a MESSAGE-INTEGRITY-SHA256 (16..32 bytes, a multiple of 4)
   * equal to the same-length prefix of HMAC-SHA256 with {@code key}. Constant-time comparison.
   */
  public static boolean checkSha256(StunMessage message, byte[] key) {
    int i = message.indexOf(AttributeType.MESSAGE_INTEGRITY_SHA256);
    if (i < 0 || !isValidSha256Length(message.valueLengthAt(i))) {
      return false;
    }
    ThreadScratch scratch = ThreadScratch.get();
    return verify(message, i, scratch.hmacSha256(key), scratch);
  }

  /** True for the MESSAGE-INTEGRITY-SHA256 lengths RFC 8489 §14.6 allows. */
  public static boolean isValidSha256Length(int length) {
    return length >= SHA256_MIN_LENGTH && length <= SHA256_LENGTH && (length & 3) == 0;
  }

  private static boolean verify(StunMessage message, int index, Hmac mac, ThreadScratch scratch) {
    ByteBuf buf = message.buffer();
    int from = message.messageOffset();
    int attrHeader = message.headerOffsetAt(index);
    int valueLength = message.valueLengthAt(index);
    int patchedLength = attrHeader - from - StunMessage.HEADER_LENGTH + 4 + valueLength;
    computeInto(mac, buf, from, attrHeader, patchedLength, scratch);
    int value = attrHeader + 4;
    int diff = 0;
    for (int k = 0; k < valueLength; k++) {
      diff |= scratch.mac[k] ^ buf.getByte(value + k);
    }
    return diff == 0;
  }

  /**
   * Writes HMAC-SHA1 with {@code key} of the message at {@code from} up to {@code attrHeader} into
   * {@code out}, with the header Length read as {@code patchedLength}. For writers.
   */
  public static void computeSha1(
      byte[] key, ByteBuf buf, int from, int attrHeader, int patchedLength, byte[] out, int off) {
    ThreadScratch scratch = ThreadScratch.get();
    computeInto(scratch.hmacSha1(key), buf, from, attrHeader, patchedLength, scratch);
    System.arraycopy(scratch.mac, 0, out, off, SHA1_LENGTH);
  }

  /** As {@link #computeSha1} with HMAC-SHA256; writes the full 32 bytes. */
  public static void computeSha256(
      byte[] key, ByteBuf buf, int from, int attrHeader, int patchedLength, byte[] out, int off) {
    ThreadScratch scratch = ThreadScratch.get();
    computeInto(scratch.hmacSha256(key), buf, from, attrHeader, patchedLength, scratch);
    System.arraycopy(scratch.mac, 0, out, off, SHA256_LENGTH);
  }

  private static void computeInto(
      Hmac mac, ByteBuf buf, int from, int attrHeader, int patchedLength, ThreadScratch scratch) {
    byte[] header = scratch.header;
    buf.getBytes(from, header, 0, StunMessage.HEADER_LENGTH);
    header[2] = (byte) (patchedLength >>> 8);
    header[3] = (byte) patchedLength;
    mac.update(header, 0, StunMessage.HEADER_LENGTH);
    int bodyFrom = from + StunMessage.HEADER_LENGTH;
    scratch.update(mac, buf, bodyFrom, attrHeader - bodyFrom);
    mac.finish(scratch.mac, 0);
  }
}

package dev.ferry.stun;

import dev.ferry.stun.integrity.Fingerprint;
import io.netty.buffer.ByteBuf;
import java.util.function.IntPredicate;

/**
 * A reusable, read-only view of one STUN message inside a Netty {@link ByteBuf} (RFC 8489 §5, §6.3,
 * §14).
 *
 * <p>{@link #wrap} checks the framing and indexes the attributes into int arrays owned by this
 * view, so that after warm-up wrapping and looking up allocate nothing. The view never moves the
 * buffer's indices, never retains it and never reads outside its readable range; the buffer must
 * stay alive while the view is used. One instance per thread (or per event loop) is the intended
 * use.
 *
 * <p>Lookups honour the integrity boundary: attributes after MESSAGE-INTEGRITY are not indexed,
 * except MESSAGE-INTEGRITY-SHA256 and FINGERPRINT; after MESSAGE-INTEGRITY-SHA256 only FINGERPRINT
 * is (RFC 8489 §14.5, §14.6). For duplicates the first occurrence wins (RFC 8489 §14).
 */
public final class StunMessage {
  /** Bytes in a STUN header. */
  public static final int HEADER_LENGTH = 20;

  /** The fixed magic cookie (RFC 8489 §5). */
  public static final int MAGIC_COOKIE = 0x2112A442;

  /** Bytes in a transaction ID. */
  public static final int TRANSACTION_ID_LENGTH = 12;

  /** Default bound on attributes per message; a 548-byte UDP message rarely carries 20. */
  public static final int DEFAULT_MAX_ATTRIBUTES = 64;

  private final int maxAttributes;
  private final int[] types;
  private final int[] offsets;
  private final int[] lengths;
  private int count;

  private ByteBuf buf;
  private int start;
  private int bodyLength;
  private int messageType;
  private boolean magicCookie;
  private boolean fingerprint;
  private DecodeStatus status = DecodeStatus.TOO_SHORT;

  /** A view that accepts up to {@link #DEFAULT_MAX_ATTRIBUTES} attributes. */
  public StunMessage() {
    this(DEFAULT_MAX_ATTRIBUTES);
  }

  /** A view that rejects messages with more than {@code maxAttributes} attributes. */
  public StunMessage(int maxAttributes) {
    if (maxAttributes < 1) {
      throw new IllegalArgumentException("maxAttributes must be positive: " + maxAttributes);
    }
    this.maxAttributes = maxAttributes;
    this.types = new int[maxAttributes];
    this.offsets = new int[maxAttributes];
    this.lengths = new int[maxAttributes];
  }

  /**
   * Points this view at the readable bytes of {@code message} and runs the basic checks. On any
   * status other than {@link DecodeStatus#OK} the view is empty and must not be queried.
   */
  public DecodeStatus wrap(ByteBuf message) {
    clear();
    DecodeStatus result = decode(message);
    if (result != DecodeStatus.OK) {
      clear();
    }
    status = result;
    return result;
  }

  private DecodeStatus decode(ByteBuf message) {
    int from = message.readerIndex();
    int readable = message.readableBytes();
    if (readable < HEADER_LENGTH) {
      return DecodeStatus.TOO_SHORT;
    }
    int type = message.getUnsignedShort(from);
    if ((type & 0xC000) != 0) {
      return DecodeStatus.NOT_STUN;
    }
    int length = message.getUnsignedShort(from + 2);
    if ((length & 3) != 0) {
      return DecodeStatus.LENGTH_NOT_MULTIPLE_OF_FOUR;
    }
    if (HEADER_LENGTH + length != readable) {
      return DecodeStatus.LENGTH_MISMATCH;
    }
    boolean cookie = message.getInt(from + 4) == MAGIC_COOKIE;
    if (!cookie && StunMethod.classOf(type) != MessageClass.REQUEST) {
      return DecodeStatus.MISSING_MAGIC_COOKIE;
    }
    DecodeStatus attributes = indexAttributes(message, from, from + HEADER_LENGTH + length);
    if (attributes != DecodeStatus.OK) {
      return attributes;
    }
    this.buf = message;
    this.start = from;
    this.bodyLength = length;
    this.messageType = type;
    this.magicCookie = cookie;
    return DecodeStatus.OK;
  }

  private DecodeStatus indexAttributes(ByteBuf message, int from, int end) {
    int pos = from + HEADER_LENGTH;
    int parsed = 0;
    boolean afterIntegrity = false;
    boolean afterIntegritySha256 = false;
    int fingerprintAt = -1;
    while (pos < end) {
      if (end - pos < 4) {
        return DecodeStatus.ATTRIBUTE_OVERRUN;
      }
      if (parsed == maxAttributes) {
        return DecodeStatus.TOO_MANY_ATTRIBUTES;
      }
      if (fingerprintAt >= 0) {
        return DecodeStatus.FINGERPRINT_NOT_LAST;
      }
      int type = message.getUnsignedShort(pos);
      int length = message.getUnsignedShort(pos + 2);
      int padded = (length + 3) & ~3;
      if (padded > end - pos - 4) {
        return DecodeStatus.ATTRIBUTE_OVERRUN;
      }
      parsed++;
      boolean visible;
      if (afterIntegritySha256) {
        visible = type == AttributeType.FINGERPRINT;
      } else if (afterIntegrity) {
        visible =
            type == AttributeType.FINGERPRINT || type == AttributeType.MESSAGE_INTEGRITY_SHA256;
      } else {
        visible = true;
      }
      if (visible) {
        types[count] = type;
        offsets[count] = pos + 4;
        lengths[count] = length;
        count++;
        if (type == AttributeType.MESSAGE_INTEGRITY) {
          afterIntegrity = true;
        } else if (type == AttributeType.MESSAGE_INTEGRITY_SHA256) {
          afterIntegritySha256 = true;
        }
      }
      if (type == AttributeType.FINGERPRINT) {
        fingerprintAt = pos;
      }
      pos += 4 + padded;
    }
    if (fingerprintAt >= 0) {
      if (message.getUnsignedShort(fingerprintAt + 2) != Fingerprint.VALUE_LENGTH
          || message.getInt(fingerprintAt + 4)
              != Fingerprint.compute(message, from, fingerprintAt - from)) {
        return DecodeStatus.BAD_FINGERPRINT;
      }
      fingerprint = true;
    }
    return DecodeStatus.OK;
  }

  /** Forgets the wrapped buffer so the view no longer references it. */
  public void clear() {
    buf = null;
    count = 0;
    start = 0;
    bodyLength = 0;
    messageType = 0;
    magicCookie = false;
    fingerprint = false;
    status = DecodeStatus.TOO_SHORT;
  }

  /** The status of the last {@link #wrap}. */
  public DecodeStatus status() {
    return status;
  }

  private ByteBuf buf() {
    if (buf == null) {
      throw new IllegalStateException("no message wrapped (last status " + status + ")");
    }
    return buf;
  }

  /** The wrapped buffer (not retained, indices untouched). */
  public ByteBuf buffer() {
    return buf();
  }

  /** Buffer index of the first header byte. */
  public int messageOffset() {
    buf();
    return start;
  }

  /** The header Length field: bytes after the 20-byte header. */
  public int bodyLength() {
    buf();
    return bodyLength;
  }

  /** Header plus body bytes. */
  public int totalLength() {
    buf();
    return HEADER_LENGTH + bodyLength;
  }

  /** The 14-bit message type. */
  public int messageType() {
    buf();
    return messageType;
  }

  /** The 12-bit method code (see {@link StunMethod}). */
  public int method() {
    buf();
    return StunMethod.methodOf(messageType);
  }

  /** The message class. */
  public MessageClass messageClass() {
    buf();
    return StunMethod.classOf(messageType);
  }

  /** False for an RFC 3489 request, which carries no magic cookie (RFC 5389 §12.2). */
  public boolean hasMagicCookie() {
    buf();
    return magicCookie;
  }

  /** True if a valid FINGERPRINT closes the message (wrap already verified it). */
  public boolean hasFingerprint() {
    buf();
    return fingerprint;
  }

  // ---- transaction ID ----

  /** Byte {@code i} (0..11) of the transaction ID. */
  public byte transactionIdByte(int i) {
    if (i < 0 || i >= TRANSACTION_ID_LENGTH) {
      throw new IndexOutOfBoundsException("transaction ID byte " + i);
    }
    return buf().getByte(start + 8 + i);
  }

  /**
   * The first 8 transaction ID bytes as a big-endian long (with {@link #transactionIdLow}: an
   * allocation-free key).
   */
  public long transactionIdHigh() {
    return buf().getLong(start + 8);
  }

  /** The last 4 transaction ID bytes as a big-endian int. */
  public int transactionIdLow() {
    return buf().getInt(start + 16);
  }

  /** True if {@code other} carries the same 12-byte transaction ID. */
  public boolean transactionIdEquals(StunMessage other) {
    return transactionIdHigh() == other.transactionIdHigh()
        && transactionIdLow() == other.transactionIdLow();
  }

  /** True if {@code id} (12 bytes) equals this message's transaction ID. */
  public boolean transactionIdEquals(byte[] id) {
    if (id.length != TRANSACTION_ID_LENGTH) {
      return false;
    }
    ByteBuf b = buf();
    for (int i = 0; i < TRANSACTION_ID_LENGTH; i++) {
      if (b.getByte(start + 8 + i) != id[i]) {
        return false;
      }
    }
    return true;
  }

  /** Copies the 12 transaction ID bytes into {@code dst} at {@code offset}. */
  public void copyTransactionId(byte[] dst, int offset) {
    buf().getBytes(start + 8, dst, offset, TRANSACTION_ID_LENGTH);
  }

  /** A fresh copy of the transaction ID (allocates; for logs and tests). */
  public byte[] transactionId() {
    byte[] id = new byte[TRANSACTION_ID_LENGTH];
    copyTransactionId(id, 0);
    return id;
  }

  /**
   * Appends the 4 cookie bytes and the 12 transaction ID bytes, as they appear in this message, to
   * {@code out}: a response to an RFC 3489 request echoes the client's bytes (RFC 5389 §12.2).
   */
  public void writeCookieAndTransactionId(ByteBuf out) {
    out.writeBytes(buf(), start + 4, 4 + TRANSACTION_ID_LENGTH);
  }

  // ---- attribute index ----

  /** Number of indexed (visible) attributes. */
  public int attributeCount() {
    return count;
  }

  /** Type of the attribute at {@code index} (0-based, in message order). */
  public int attributeTypeAt(int index) {
    checkIndex(index);
    return types[index];
  }

  /** Buffer index of the value of the attribute at {@code index}. */
  public int valueOffsetAt(int index) {
    checkIndex(index);
    return offsets[index];
  }

  /** Value length (without padding) of the attribute at {@code index}. */
  public int valueLengthAt(int index) {
    checkIndex(index);
    return lengths[index];
  }

  /** Buffer index of the 4-byte header of the attribute at {@code index}. */
  public int headerOffsetAt(int index) {
    checkIndex(index);
    return offsets[index] - 4;
  }

  private void checkIndex(int index) {
    if (index < 0 || index >= count) {
      throw new IndexOutOfBoundsException("attribute " + index + " of " + count);
    }
  }

  /** Index of the first visible attribute of {@code type}, or -1. */
  public int indexOf(int type) {
    return indexOf(type, 0);
  }

  /** Index of the first visible attribute of {@code type} at or after {@code from}, or -1. */
  public int indexOf(int type, int from) {
    for (int i = Math.max(0, from); i < count; i++) {
      if (types[i] == type) {
        return i;
      }
    }
    return -1;
  }

  /** True if a visible attribute of {@code type} is present. */
  public boolean contains(int type) {
    return indexOf(type, 0) >= 0;
  }

  /** A slice (no copy, not retained) of the first visible {@code type} value, or null. */
  public ByteBuf attributeValue(int type) {
    int i = indexOf(type, 0);
    return i < 0 ? null : attributeValueAt(i);
  }

  /** A slice (no copy, not retained) of the value of the attribute at {@code index}. */
  public ByteBuf attributeValueAt(int index) {
    checkIndex(index);
    return buf().slice(offsets[index], lengths[index]);
  }

  /**
   * Writes into {@code out} the distinct comprehension-required attribute types that {@code known}
   * rejects, in message order, up to {@code out.length}; returns how many were written. A
   * non-capturing lambda keeps this allocation-free.
   */
  public int unknownComprehensionRequired(IntPredicate known, int[] out) {
    int n = 0;
    outer:
    for (int i = 0; i < count && n < out.length; i++) {
      int t = types[i];
      if (!AttributeType.isComprehensionRequired(t) || known.test(t)) {
        continue;
      }
      for (int j = 0; j < n; j++) {
        if (out[j] == t) {
          continue outer;
        }
      }
      out[n++] = t;
    }
    return n;
  }

  /**
   * As {@link #unknownComprehensionRequired(IntPredicate, int[])} against this codec's catalogue.
   */
  public int unknownComprehensionRequired(int[] out) {
    return unknownComprehensionRequired(AttributeType::isKnown, out);
  }

  @Override
  public String toString() {
    if (buf == null) {
      return "StunMessage[" + status + "]";
    }
    StringBuilder sb = new StringBuilder("StunMessage[");
    sb.append(StunMethod.name(method())).append(' ').append(messageClass());
    sb.append(" len=").append(bodyLength);
    for (int i = 0; i < count; i++) {
      sb.append(i == 0 ? " " : ", ").append(AttributeType.name(types[i]));
    }
    return sb.append(']').toString();
  }
}

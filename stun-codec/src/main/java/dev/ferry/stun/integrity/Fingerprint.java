package dev.ferry.stun.integrity;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import io.netty.buffer.ByteBuf;
import java.util.zip.CRC32;

/** FINGERPRINT: CRC-32 of the message before it, XOR 0x5354554E (RFC 8489 §14.7). */
public final class Fingerprint {
  /** The constant the CRC is XORed with ("STUN"). */
  public static final int XOR_MASK = 0x5354554E;

  /** FINGERPRINT value length. */
  public static final int VALUE_LENGTH = 4;

  private Fingerprint() {}

  /** The FINGERPRINT value for the {@code length} bytes of {@code buf} at {@code index}. */
  public static int compute(ByteBuf buf, int index, int length) {
    ThreadScratch scratch = ThreadScratch.get();
    CRC32 crc = scratch.crc;
    crc.reset();
    scratch.update(crc, buf, index, length);
    return (int) crc.getValue() ^ XOR_MASK;
  }

  /**
   * True if {@code message} ends with a valid FINGERPRINT. {@link StunMessage#wrap} already rejects
   * a present but invalid one, so for a wrapped message this is {@link StunMessage#hasFingerprint}.
   */
  public static boolean check(StunMessage message) {
    int i = message.indexOf(AttributeType.FINGERPRINT);
    if (i < 0 || message.valueLengthAt(i) != VALUE_LENGTH) {
      return false;
    }
    int header = message.headerOffsetAt(i);
    int from = message.messageOffset();
    return message.buffer().getInt(header + 4) == compute(message.buffer(), from, header - from);
  }
}

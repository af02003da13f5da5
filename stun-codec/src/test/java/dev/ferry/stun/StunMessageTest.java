package dev.ferry.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.stun.attribute.Software;
import dev.ferry.stun.integrity.MessageIntegrity;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The RFC 8489 §6.3 basic checks and the attribute index. */
class StunMessageTest {
  private static final byte[] TX = TestBytes.hex("0102030405060708090a0b0c");
  private final List<ByteBuf> buffers = new ArrayList<>();
  private final StunMessage message = new StunMessage();

  @AfterEach
  void release() {
    buffers.forEach(ByteBuf::release);
  }

  private ByteBuf track(ByteBuf b) {
    buffers.add(b);
    return b;
  }

  private ByteBuf windowed(byte[] bytes) {
    return track(TestBytes.windowed(bytes));
  }

  /** A Binding request header (with cookie) and the given body. */
  private static byte[] message(int type, byte[] body) {
    ByteBuf b = Unpooled.buffer();
    b.writeShort(type).writeShort(body.length).writeInt(StunMessage.MAGIC_COOKIE).writeBytes(TX);
    b.writeBytes(body);
    byte[] out = TestBytes.bytes(b);
    b.release();
    return out;
  }

  private static byte[] attr(int type, String hexValue) {
    byte[] v = TestBytes.hex(hexValue);
    ByteBuf b = Unpooled.buffer();
    b.writeShort(type).writeShort(v.length).writeBytes(v).writeZero((4 - (v.length & 3)) & 3);
    byte[] out = TestBytes.bytes(b);
    b.release();
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    ByteBuf b = Unpooled.buffer();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    byte[] out = TestBytes.bytes(b);
    b.release();
    return out;
  }

  @Test
  void wrap_nineteenBytes_returnsTooShort() {
    assertThat(message.wrap(windowed(new byte[19]))).isEqualTo(DecodeStatus.TOO_SHORT);
  }

  @Test
  void wrap_firstBitsNotZero_returnsNotStun() {
    byte[] m = message(0x0001, new byte[0]);
    m[0] = (byte) 0x40;
    assertThat(message.wrap(windowed(m))).isEqualTo(DecodeStatus.NOT_STUN);
  }

  @Test
  void wrap_lengthNotMultipleOfFour_returnsLengthNotMultipleOfFour() {
    byte[] m = concat(message(0x0001, new byte[0]), new byte[2]);
    m[3] = 2;
    assertThat(message.wrap(windowed(m))).isEqualTo(DecodeStatus.LENGTH_NOT_MULTIPLE_OF_FOUR);
  }

  @Test
  void wrap_lengthLongerThanBytes_returnsLengthMismatch() {
    byte[] m = message(0x0001, new byte[0]);
    m[3] = 4;
    assertThat(message.wrap(windowed(m))).isEqualTo(DecodeStatus.LENGTH_MISMATCH);
  }

  @Test
  void wrap_trailingBytes_returnsLengthMismatch() {
    byte[] m = concat(message(0x0001, new byte[0]), new byte[4]);
    assertThat(message.wrap(windowed(m))).isEqualTo(DecodeStatus.LENGTH_MISMATCH);
  }

  @Test
  void wrap_attributeValueOverrunsMessage_returnsAttributeOverrun() {
    byte[] m = message(0x0001, TestBytes.hex("80220008 41424344"));
    assertThat(message.wrap(windowed(m))).isEqualTo(DecodeStatus.ATTRIBUTE_OVERRUN);
  }

  @Test
  void wrap_paddingOverrunsMessage_returnsAttributeOverrun() {
    byte[] m = message(0x0001, TestBytes.hex("80220005 41424344"));
    assertThat(message.wrap(windowed(m))).isEqualTo(DecodeStatus.ATTRIBUTE_OVERRUN);
  }

  @Test
  void wrap_moreAttributesThanBound_returnsTooManyAttributes() {
    StunMessage small = new StunMessage(2);
    byte[] m = message(0x0001, concat(attr(0x8022, "41"), attr(0x8022, "42"), attr(0x8022, "43")));
    assertThat(small.wrap(windowed(m))).isEqualTo(DecodeStatus.TOO_MANY_ATTRIBUTES);
    assertThat(small.attributeCount()).isZero();
  }

  @Test
  void wrap_attributesAtBound_returnsOk() {
    StunMessage small = new StunMessage(2);
    byte[] m = message(0x0001, concat(attr(0x8022, "41"), attr(0x8022, "42")));
    assertThat(small.wrap(windowed(m))).isEqualTo(DecodeStatus.OK);
  }

  @Test
  void wrap_requestWithoutCookie_isRfc3489AndOk() {
    byte[] m = message(0x0001, new byte[0]);
    m[4] = 0;
    assertThat(message.wrap(windowed(m))).isEqualTo(DecodeStatus.OK);
    assertThat(message.hasMagicCookie()).isFalse();
  }

  @Test
  void wrap_indicationWithoutCookie_returnsMissingMagicCookie() {
    byte[] m = message(0x0011, new byte[0]);
    m[4] = 0;
    assertThat(message.wrap(windowed(m))).isEqualTo(DecodeStatus.MISSING_MAGIC_COOKIE);
  }

  @Test
  void wrap_fingerprintNotLast_returnsFingerprintNotLast() {
    ByteBuf out = track(Unpooled.buffer());
    new StunWriter().begin(out, StunMethod.BINDING, MessageClass.REQUEST, TX).fingerprint();
    byte[] m = concat(TestBytes.bytes(out), attr(0x8022, "41"));
    m[3] = (byte) (m.length - 20);
    assertThat(message.wrap(windowed(m))).isEqualTo(DecodeStatus.FINGERPRINT_NOT_LAST);
  }

  @Test
  void wrap_fingerprintWrongCrc_returnsBadFingerprint() {
    ByteBuf out = track(Unpooled.buffer());
    new StunWriter().begin(out, StunMethod.BINDING, MessageClass.REQUEST, TX).fingerprint();
    out.setByte(out.writerIndex() - 1, out.getByte(out.writerIndex() - 1) ^ 1);
    assertThat(message.wrap(out)).isEqualTo(DecodeStatus.BAD_FINGERPRINT);
  }

  @Test
  void wrap_fingerprintWrongLength_returnsBadFingerprint() {
    byte[] m = message(0x0001, attr(0x8028, "0000000000000000"));
    assertThat(message.wrap(windowed(m))).isEqualTo(DecodeStatus.BAD_FINGERPRINT);
  }

  @Test
  void wrap_doesNotMoveIndicesOrRetain() {
    ByteBuf buf = windowed(message(0x0001, attr(0x8022, "41")));
    int reader = buf.readerIndex();
    int writer = buf.writerIndex();
    assertThat(message.wrap(buf)).isEqualTo(DecodeStatus.OK);
    assertThat(buf.readerIndex()).isEqualTo(reader);
    assertThat(buf.writerIndex()).isEqualTo(writer);
    assertThat(buf.refCnt()).isEqualTo(1);
  }

  @Test
  void wrap_afterFailure_queriesThrowIllegalState() {
    message.wrap(windowed(new byte[3]));
    assertThatThrownBy(message::method).isInstanceOf(IllegalStateException.class);
    assertThat(message.attributeCount()).isZero();
    assertThat(message.indexOf(0x8022)).isEqualTo(-1);
  }

  @Test
  void messageType_allocateErrorResponse_decodesMethodAndClass() {
    assertThat(message.wrap(windowed(message(0x0113, new byte[0])))).isEqualTo(DecodeStatus.OK);
    assertThat(message.method()).isEqualTo(StunMethod.ALLOCATE);
    assertThat(message.messageClass()).isEqualTo(MessageClass.ERROR_RESPONSE);
  }

  @Test
  void indexOf_duplicateAttribute_firstWins() {
    byte[] m = message(0x0001, concat(attr(0x8022, "41"), attr(0x8022, "42")));
    message.wrap(windowed(m));
    assertThat(Software.read(message)).isEqualTo("A");
    assertThat(message.indexOf(0x8022, 1)).isEqualTo(1);
  }

  @Test
  void indexOf_attributeAfterMessageIntegrity_isNotSeen() {
    byte[] key = "k".getBytes(StandardCharsets.UTF_8);
    ByteBuf out = track(Unpooled.buffer());
    StunWriter w =
        new StunWriter()
            .begin(out, StunMethod.BINDING, MessageClass.REQUEST, TX)
            .messageIntegrity(key);
    w.software("late").messageIntegritySha256(key).attribute(0x8022, new byte[] {1}).fingerprint();
    assertThat(message.wrap(out)).isEqualTo(DecodeStatus.OK);
    assertThat(message.contains(AttributeType.SOFTWARE)).isFalse();
    assertThat(message.contains(AttributeType.MESSAGE_INTEGRITY_SHA256)).isTrue();
    assertThat(message.contains(AttributeType.FINGERPRINT)).isTrue();
    assertThat(message.attributeCount()).isEqualTo(3);
    assertThat(MessageIntegrity.check(message, key)).isTrue();
  }

  @Test
  void indexOf_afterMessageIntegritySha256_onlyFingerprintSeen() {
    byte[] key = "k".getBytes(StandardCharsets.UTF_8);
    ByteBuf out = track(Unpooled.buffer());
    new StunWriter()
        .begin(out, StunMethod.BINDING, MessageClass.REQUEST, TX)
        .messageIntegritySha256(key)
        .messageIntegrity(key)
        .fingerprint();
    assertThat(message.wrap(out)).isEqualTo(DecodeStatus.OK);
    assertThat(message.contains(AttributeType.MESSAGE_INTEGRITY)).isFalse();
    assertThat(MessageIntegrity.checkSha256(message, key)).isTrue();
    assertThat(message.hasFingerprint()).isTrue();
  }

  @Test
  void unknownComprehensionRequired_listsDistinctUnknownRequiredOnly() {
    byte[] m =
        message(
            0x0001,
            concat(
                attr(0x0099, "00"),
                attr(0x8099, "00"),
                attr(AttributeType.LIFETIME, "00000010"),
                attr(0x0099, "01"),
                attr(0x7FFF, "")));
    message.wrap(windowed(m));
    int[] out = new int[8];
    int n = message.unknownComprehensionRequired(out);
    assertThat(n).isEqualTo(2);
    assertThat(out[0]).isEqualTo(0x0099);
    assertThat(out[1]).isEqualTo(0x7FFF);
    assertThat(message.unknownComprehensionRequired(t -> t != AttributeType.LIFETIME, out))
        .isEqualTo(1);
    assertThat(out[0]).isEqualTo(AttributeType.LIFETIME);
  }

  @Test
  void transactionId_comparesAndCopiesWithoutAllocatingArrays() {
    message.wrap(windowed(message(0x0001, new byte[0])));
    StunMessage other = new StunMessage();
    other.wrap(windowed(message(0x0101, new byte[0])));
    assertThat(message.transactionIdEquals(other)).isTrue();
    assertThat(message.transactionIdEquals(TX)).isTrue();
    assertThat(message.transactionIdHigh()).isEqualTo(0x0102030405060708L);
    assertThat(message.transactionIdLow()).isEqualTo(0x090a0b0c);
    byte[] copy = new byte[14];
    message.copyTransactionId(copy, 2);
    assertThat(copy).startsWith(0, 0, 1, 2, 3);
  }

  @Test
  void beginResponse_rfc3489Request_echoesCookieFieldAndTransactionId() {
    byte[] m = message(0x0001, new byte[0]);
    m[4] = 0x55;
    message.wrap(windowed(m));
    ByteBuf out = track(Unpooled.buffer());
    new StunWriter().beginResponse(out, message, MessageClass.SUCCESS_RESPONSE);
    byte[] response = TestBytes.bytes(out);
    assertThat(response).hasSize(20);
    assertThat(response[0]).isEqualTo((byte) 0x01);
    assertThat(response[1]).isEqualTo((byte) 0x01);
    for (int i = 4; i < 20; i++) {
      assertThat(response[i]).isEqualTo(m[i]);
    }
  }

  @Test
  void writer_padsWithZerosAndKeepsHeaderLength() {
    ByteBuf out = track(Unpooled.buffer());
    out.writeBytes(new byte[] {9, 9, 9});
    StunWriter w =
        new StunWriter().begin(out, StunMethod.BINDING, MessageClass.REQUEST, TX).software("abcde");
    assertThat(w.messageStart()).isEqualTo(3);
    assertThat(w.bodyLength()).isEqualTo(12);
    assertThat(out.getUnsignedShort(5)).isEqualTo(12);
    assertThat(out.getUnsignedShort(3 + 22)).isEqualTo(5);
    assertThat(out.getByte(3 + 29)).isZero();
    assertThat(out.getByte(3 + 30)).isZero();
    assertThat(out.getByte(3 + 31)).isZero();
  }

  @Test
  void writer_afterFingerprint_refusesMoreAttributes() {
    ByteBuf out = track(Unpooled.buffer());
    StunWriter w =
        new StunWriter().begin(out, StunMethod.BINDING, MessageClass.REQUEST, TX).fingerprint();
    assertThatThrownBy(() -> w.software("x")).isInstanceOf(IllegalStateException.class);
  }
}

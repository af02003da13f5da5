package dev.ferry.stun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.stun.attribute.MappedAddress;
import dev.ferry.stun.attribute.Nonce;
import dev.ferry.stun.attribute.Realm;
import dev.ferry.stun.attribute.Software;
import dev.ferry.stun.attribute.Username;
import dev.ferry.stun.attribute.XorMappedAddress;
import dev.ferry.stun.integrity.Fingerprint;
import dev.ferry.stun.integrity.MessageIntegrity;
import dev.ferry.stun.integrity.PasswordAlgorithm;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 5769 test vectors, byte for byte. The §2.1-§2.3 vectors pad SOFTWARE and USERNAME with spaces
 * (RFC 5389 allowed any pad value); StunWriter always pads with zeros (RFC 8489 §14), so the
 * re-encoding tests compare every byte except those pad bytes and the MESSAGE-INTEGRITY and
 * FINGERPRINT values they change, and then check that our own MAC and CRC verify.
 */
class Rfc5769Test {
  private static final byte[] SHORT_TERM_KEY =
      Rfc5769Vectors.SHORT_TERM_PASSWORD.getBytes(StandardCharsets.UTF_8);
  private static final String LONG_TERM_USERNAME = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";

  private final StunMessage message = new StunMessage();
  private ByteBuf buf;
  private ByteBuf out;

  @AfterEach
  void release() {
    if (buf != null) {
      buf.release();
    }
    if (out != null) {
      out.release();
    }
  }

  private StunMessage wrap(byte[] vector) {
    buf = TestBytes.windowed(vector);
    assertThat(message.wrap(buf)).isEqualTo(DecodeStatus.OK);
    return message;
  }

  @Test
  void request_decodesHeaderAndEveryAttribute() {
    StunMessage m = wrap(Rfc5769Vectors.REQUEST);
    assertThat(m.method()).isEqualTo(StunMethod.BINDING);
    assertThat(m.messageClass()).isEqualTo(MessageClass.REQUEST);
    assertThat(m.hasMagicCookie()).isTrue();
    assertThat(m.transactionId()).isEqualTo(TestBytes.hex("b7e7a701bc34d686fa87dfae"));
    assertThat(m.attributeCount()).isEqualTo(6);
    assertThat(Software.read(m)).isEqualTo("STUN test client");
    assertThat(m.buffer().getInt(m.valueOffsetAt(m.indexOf(0x0024)))).isEqualTo(0x6e0001ff);
    assertThat(TestBytes.bytes(m.attributeValue(0x8029)))
        .isEqualTo(TestBytes.hex("932ff9b151263b36"));
    assertThat(Username.read(m)).isEqualTo("evtj:h6vY");
    assertThat(m.hasFingerprint()).isTrue();
  }

  @Test
  void request_iceAttributes_areNotUnknownComprehensionRequired() {
    // PRIORITY (0x0024) is comprehension-required; an ICE Binding request must not earn a 420.
    StunMessage m = wrap(Rfc5769Vectors.REQUEST);
    assertThat(m.indexOf(AttributeType.PRIORITY)).isNotNegative();
    assertThat(m.indexOf(AttributeType.ICE_CONTROLLED)).isNotNegative();
    assertThat(m.unknownComprehensionRequired(new int[8])).isZero();
  }

  @Test
  void request_messageIntegrityChecksWithShortTermKey() {
    StunMessage m = wrap(Rfc5769Vectors.REQUEST);
    assertThat(MessageIntegrity.check(m, SHORT_TERM_KEY)).isTrue();
    assertThat(MessageIntegrity.check(m, "wrong".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(Fingerprint.check(m)).isTrue();
  }

  @Test
  void request_reencodes() {
    out = Unpooled.buffer();
    StunWriter w =
        new StunWriter()
            .begin(
                out,
                StunMethod.BINDING,
                MessageClass.REQUEST,
                TestBytes.hex("b7e7a701bc34d686fa87dfae"))
            .software("STUN test client")
            .attributeInt(0x0024, 0x6e0001ff)
            .attribute(0x8029, TestBytes.hex("932ff9b151263b36"))
            .username("evtj:h6vY")
            .messageIntegrity(SHORT_TERM_KEY)
            .fingerprint();
    assertThat(w.bodyLength()).isEqualTo(0x58);
    // USERNAME pad (73..75), MI value (80..99), FINGERPRINT value (104..107).
    assertSameExcept(TestBytes.bytes(out), Rfc5769Vectors.REQUEST, 73, 76, 80, 100, 104, 108);
    assertOwnIntegrityHolds(out);
  }

  @Test
  void ipv4Response_decodesXorMappedAddress() throws Exception {
    StunMessage m = wrap(Rfc5769Vectors.IPV4_RESPONSE);
    assertThat(m.messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
    assertThat(m.method()).isEqualTo(StunMethod.BINDING);
    assertThat(Software.read(m)).isEqualTo("test vector");
    assertThat(XorMappedAddress.read(m))
        .isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
    assertThat(MappedAddress.read(m)).isNull();
    assertThat(MessageIntegrity.check(m, SHORT_TERM_KEY)).isTrue();
    assertThat(m.hasFingerprint()).isTrue();
  }

  @Test
  void ipv4Response_reencodes() throws Exception {
    out = Unpooled.buffer();
    new StunWriter()
        .begin(
            out,
            StunMethod.BINDING,
            MessageClass.SUCCESS_RESPONSE,
            TestBytes.hex("b7e7a701bc34d686fa87dfae"))
        .software("test vector")
        .xorMappedAddress(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853))
        .messageIntegrity(SHORT_TERM_KEY)
        .fingerprint();
    // SOFTWARE pad (35), MI value (52..71), FINGERPRINT value (76..79).
    assertSameExcept(TestBytes.bytes(out), Rfc5769Vectors.IPV4_RESPONSE, 35, 36, 52, 72, 76, 80);
    assertOwnIntegrityHolds(out);
  }

  @Test
  void ipv6Response_decodesXorMappedAddress() throws Exception {
    StunMessage m = wrap(Rfc5769Vectors.IPV6_RESPONSE);
    assertThat(XorMappedAddress.read(m))
        .isEqualTo(
            new InetSocketAddress(
                InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
    assertThat(MessageIntegrity.check(m, SHORT_TERM_KEY)).isTrue();
    assertThat(m.hasFingerprint()).isTrue();
  }

  @Test
  void ipv6Response_reencodes() throws Exception {
    out = Unpooled.buffer();
    new StunWriter()
        .begin(
            out,
            StunMethod.BINDING,
            MessageClass.SUCCESS_RESPONSE,
            TestBytes.hex("b7e7a701bc34d686fa87dfae"))
        .software("test vector")
        .xorMappedAddress(
            new InetSocketAddress(
                InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853))
        .messageIntegrity(SHORT_TERM_KEY)
        .fingerprint();
    // SOFTWARE pad (35), MI value (64..83), FINGERPRINT value (88..91).
    assertSameExcept(TestBytes.bytes(out), Rfc5769Vectors.IPV6_RESPONSE, 35, 36, 64, 84, 88, 92);
    assertOwnIntegrityHolds(out);
  }

  @Test
  void longTermRequest_decodesEveryAttribute() {
    StunMessage m = wrap(Rfc5769Vectors.LONG_TERM_REQUEST);
    assertThat(Username.read(m)).isEqualTo(LONG_TERM_USERNAME);
    assertThat(Nonce.read(m)).isEqualTo("f//499k954d6OL34oL9FSTvy64sA");
    assertThat(Realm.read(m)).isEqualTo("example.org");
    assertThat(m.hasFingerprint()).isFalse();
  }

  @Test
  void longTermRequest_messageIntegrityChecksWithSaslPreppedMd5Key() {
    StunMessage m = wrap(Rfc5769Vectors.LONG_TERM_REQUEST);
    byte[] key =
        PasswordAlgorithm.MD5.deriveKey(
            LONG_TERM_USERNAME, "example.org", "The\u00ADM\u00AAtr\u2168");
    assertThat(MessageIntegrity.check(m, key)).isTrue();
    assertThat(MessageIntegrity.check(m, SHORT_TERM_KEY)).isFalse();
  }

  @Test
  void longTermRequest_reencodesByteForByte() throws Exception {
    out = Unpooled.buffer();
    new StunWriter()
        .begin(
            out,
            StunMethod.BINDING,
            MessageClass.REQUEST,
            TestBytes.hex("78ad3433c6ad72c029da412e"))
        .username(LONG_TERM_USERNAME)
        .nonce("f//499k954d6OL34oL9FSTvy64sA")
        .realm("example.org")
        .messageIntegrity(md5(LONG_TERM_USERNAME + ":example.org:TheMatrIX"));
    assertThat(TestBytes.bytes(out)).isEqualTo(Rfc5769Vectors.LONG_TERM_REQUEST);
  }

  static byte[] md5(String s) throws Exception {
    return MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
  }

  private void assertOwnIntegrityHolds(ByteBuf encoded) {
    StunMessage m = new StunMessage();
    assertThat(m.wrap(encoded)).isEqualTo(DecodeStatus.OK);
    assertThat(m.hasFingerprint()).isTrue();
    assertThat(MessageIntegrity.check(m, SHORT_TERM_KEY)).isTrue();
  }

  /**
   * Asserts equal length and equal bytes outside the half-open [from, to) ranges given in pairs.
   */
  private static void assertSameExcept(byte[] actual, byte[] expected, int... ranges) {
    assertThat(actual).hasSameSizeAs(expected);
    byte[] a = actual.clone();
    byte[] e = expected.clone();
    for (int r = 0; r < ranges.length; r += 2) {
      Arrays.fill(a, ranges[r], ranges[r + 1], (byte) 0);
      Arrays.fill(e, ranges[r], ranges[r + 1], (byte) 0);
    }
    assertThat(a).isEqualTo(e);
  }
}

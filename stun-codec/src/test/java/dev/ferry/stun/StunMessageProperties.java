package dev.ferry.stun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.stun.attribute.AccessToken;
import dev.ferry.stun.attribute.AdditionalAddressFamily;
import dev.ferry.stun.attribute.AddressErrorCode;
import dev.ferry.stun.attribute.AlternateDomain;
import dev.ferry.stun.attribute.AlternateServer;
import dev.ferry.stun.attribute.ChangeRequest;
import dev.ferry.stun.attribute.ChannelNumber;
import dev.ferry.stun.attribute.ConnectionId;
import dev.ferry.stun.attribute.Data;
import dev.ferry.stun.attribute.DontFragment;
import dev.ferry.stun.attribute.ErrorCode;
import dev.ferry.stun.attribute.EvenPort;
import dev.ferry.stun.attribute.Icmp;
import dev.ferry.stun.attribute.Lifetime;
import dev.ferry.stun.attribute.MappedAddress;
import dev.ferry.stun.attribute.MobilityTicket;
import dev.ferry.stun.attribute.Nonce;
import dev.ferry.stun.attribute.OtherAddress;
import dev.ferry.stun.attribute.Padding;
import dev.ferry.stun.attribute.PasswordAlgorithmAttribute;
import dev.ferry.stun.attribute.PasswordAlgorithms;
import dev.ferry.stun.attribute.Realm;
import dev.ferry.stun.attribute.RequestedAddressFamily;
import dev.ferry.stun.attribute.RequestedTransport;
import dev.ferry.stun.attribute.ReservationToken;
import dev.ferry.stun.attribute.ResponseOrigin;
import dev.ferry.stun.attribute.ResponsePort;
import dev.ferry.stun.attribute.Software;
import dev.ferry.stun.attribute.ThirdPartyAuthorization;
import dev.ferry.stun.attribute.UnknownAttributes;
import dev.ferry.stun.attribute.UserHashAttribute;
import dev.ferry.stun.attribute.Username;
import dev.ferry.stun.attribute.XorMappedAddress;
import dev.ferry.stun.attribute.XorPeerAddress;
import dev.ferry.stun.attribute.XorRelayedAddress;
import dev.ferry.stun.integrity.Fingerprint;
import dev.ferry.stun.integrity.MessageIntegrity;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Hostile bytes never throw or escape the window; integrity and FINGERPRINT catch tampering. */
class StunMessageProperties {
  private static final byte[] KEY = "a-key".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  /** An attribute to put in a generated message. */
  record Attr(int type, byte[] value) {}

  @Provide
  Arbitrary<Attr> attributes() {
    int[] known = AttributeType.all();
    Arbitrary<Integer> type =
        Arbitraries.oneOf(
            Arbitraries.of(java.util.Arrays.stream(known).boxed().toList()),
            Arbitraries.integers().between(0, 0xFFFF));
    Arbitrary<byte[]> value =
        Arbitraries.oneOf(
            Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
            Arbitraries.of(4, 8, 20, 32)
                .flatMap(n -> Arbitraries.bytes().array(byte[].class).ofSize(n)));
    return Combinators.combine(type, value).as(Attr::new);
  }

  /** Attributes that are neither integrity nor FINGERPRINT (safe before MI). */
  @Provide
  Arbitrary<List<Attr>> plainAttributes() {
    return attributes()
        .filter(
            a ->
                a.type() != AttributeType.FINGERPRINT
                    && a.type() != AttributeType.MESSAGE_INTEGRITY
                    && a.type() != AttributeType.MESSAGE_INTEGRITY_SHA256)
        .list()
        .ofMaxSize(8);
  }

  /** Well-formed messages, then optionally damaged, plus pure noise. */
  @Provide
  Arbitrary<byte[]> hostile() {
    Arbitrary<byte[]> structured =
        Combinators.combine(
                Arbitraries.integers().between(0, 0x3FFF),
                attributes().list().ofMaxSize(10),
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 10_000),
                Arbitraries.bytes())
            .as(
                (type, attrs, damage, where, what) -> {
                  byte[] m = build(type, attrs);
                  if (damage == 1 && m.length > 0) {
                    m[where % m.length] ^= (byte) (what | 1);
                  } else if (damage == 2) {
                    m = java.util.Arrays.copyOf(m, where % (m.length + 1));
                  }
                  return m;
                });
    return Arbitraries.oneOf(structured, Arbitraries.bytes().array(byte[].class).ofMaxSize(200));
  }

  private static byte[] build(int type, List<Attr> attrs) {
    ByteBuf b = Unpooled.buffer();
    try {
      b.writeShort(type).writeShort(0).writeInt(StunMessage.MAGIC_COOKIE).writeZero(12);
      for (Attr a : attrs) {
        b.writeShort(a.type()).writeShort(a.value().length).writeBytes(a.value());
        b.writeZero((4 - (a.value().length & 3)) & 3);
      }
      b.setShort(2, b.readableBytes() - 20);
      return TestBytes.bytes(b);
    } finally {
      b.release();
    }
  }

  @Property(tries = 2000)
  void wrap_hostileBytes_neverThrowsNorReadsOutsideWindow(@ForAll("hostile") byte[] bytes) {
    // A tight slice: any read outside the readable bytes throws IndexOutOfBoundsException.
    ByteBuf backing = Unpooled.buffer(bytes.length + 16);
    ByteBuf poisoned = TestBytes.windowed(bytes);
    try {
      backing.writeBytes(new byte[8]).writeBytes(bytes);
      ByteBuf tight = backing.slice(8, bytes.length);
      StunMessage m = new StunMessage();
      DecodeStatus status = m.wrap(tight);
      if (status.isOk()) {
        readEverything(m);
      }
      StunMessage p = new StunMessage();
      assertThat(p.wrap(poisoned)).isEqualTo(status);
      if (status.isOk()) {
        assertThat(p.attributeCount()).isEqualTo(m.attributeCount());
        readEverything(p);
      }
      assertThat(poisoned.readerIndex()).isEqualTo(5);
    } finally {
      backing.release();
      poisoned.release();
    }
  }

  /** Calls every typed reader on every index; results are ignored, exceptions fail the test. */
  static void readEverything(StunMessage m) {
    for (int i = 0; i < m.attributeCount(); i++) {
      assertThat(TestBytes.bytes(m.attributeValueAt(i))).hasSize(m.valueLengthAt(i));
      XorMappedAddress.read(m, i);
      XorPeerAddress.read(m, i);
      XorRelayedAddress.read(m, i);
      MappedAddress.read(m, i);
      AlternateServer.read(m, i);
      ResponseOrigin.read(m, i);
      OtherAddress.read(m, i);
    }
    XorMappedAddress.read(m);
    XorPeerAddress.read(m);
    XorRelayedAddress.read(m);
    MappedAddress.read(m);
    AlternateServer.read(m);
    ResponseOrigin.read(m);
    OtherAddress.read(m);
    Software.read(m);
    Username.read(m);
    Realm.read(m);
    Nonce.read(m);
    AlternateDomain.read(m);
    ThirdPartyAuthorization.read(m);
    ErrorCode.code(m);
    ErrorCode.reason(m);
    AddressErrorCode.family(m);
    AddressErrorCode.code(m);
    AddressErrorCode.reason(m);
    UnknownAttributes.read(m, new int[4]);
    Lifetime.read(m);
    RequestedTransport.read(m);
    ChannelNumber.read(m);
    EvenPort.read(m);
    RequestedAddressFamily.read(m);
    AdditionalAddressFamily.read(m);
    ReservationToken.read(m);
    DontFragment.isPresent(m);
    Data.read(m);
    MobilityTicket.read(m);
    Padding.read(m);
    ResponsePort.read(m);
    ChangeRequest.read(m);
    ConnectionId.read(m);
    UserHashAttribute.read(m);
    PasswordAlgorithmAttribute.read(m);
    PasswordAlgorithms.read(m, new int[2]);
    Icmp.read(m);
    AccessToken.read(m);
    MessageIntegrity.check(m, KEY);
    MessageIntegrity.checkSha256(m, KEY);
    Fingerprint.check(m);
    m.unknownComprehensionRequired(new int[8]);
    m.toString();
  }

  private static ByteBuf writeWithIntegrity(List<Attr> attrs, boolean sha256, boolean fingerprint) {
    ByteBuf out = Unpooled.buffer();
    StunWriter w =
        new StunWriter().begin(out, StunMethod.ALLOCATE, MessageClass.REQUEST, new byte[12]);
    for (Attr a : attrs) {
      w.attribute(a.type(), a.value());
    }
    if (sha256) {
      w.messageIntegritySha256(KEY);
    } else {
      w.messageIntegrity(KEY);
    }
    if (fingerprint) {
      w.fingerprint();
    }
    return out;
  }

  @Property(tries = 500)
  void messageIntegrity_anyCoveredByteFlipped_failsCheck(
      @ForAll("plainAttributes") List<Attr> attrs,
      @ForAll boolean sha256,
      @ForAll @IntRange(min = 0, max = 100_000) int where,
      @ForAll @IntRange(min = 1, max = 255) int xor) {
    ByteBuf out = writeWithIntegrity(attrs, sha256, false);
    try {
      StunMessage m = new StunMessage();
      assertThat(m.wrap(out)).isEqualTo(DecodeStatus.OK);
      assertThat(sha256 ? MessageIntegrity.checkSha256(m, KEY) : MessageIntegrity.check(m, KEY))
          .isTrue();
      int covered = out.readableBytes(); // everything up to and including the MAC value
      int at = where % covered;
      out.setByte(at, out.getByte(at) ^ xor);
      StunMessage tampered = new StunMessage();
      boolean ok = tampered.wrap(out).isOk();
      boolean valid =
          ok
              && (sha256
                  ? MessageIntegrity.checkSha256(tampered, KEY)
                  : MessageIntegrity.check(tampered, KEY));
      assertThat(valid).as("flip at %d", at).isFalse();
    } finally {
      out.release();
    }
  }

  @Property(tries = 300)
  void attributesAfterMessageIntegrity_changeNoLookup(
      @ForAll("plainAttributes") List<Attr> before, @ForAll("plainAttributes") List<Attr> after) {
    ByteBuf plain = writeWithIntegrity(before, false, false);
    ByteBuf extended = plain.copy();
    try {
      // Append raw attributes after MESSAGE-INTEGRITY and fix the header Length.
      for (Attr a : after) {
        extended.writeShort(a.type()).writeShort(a.value().length).writeBytes(a.value());
        extended.writeZero((4 - (a.value().length & 3)) & 3);
      }
      extended.setShort(2, extended.readableBytes() - 20);
      StunMessage m1 = new StunMessage();
      StunMessage m2 = new StunMessage();
      assertThat(m1.wrap(plain)).isEqualTo(DecodeStatus.OK);
      assertThat(m2.wrap(extended)).isEqualTo(DecodeStatus.OK);
      assertThat(m2.attributeCount()).isEqualTo(m1.attributeCount());
      for (int i = 0; i < m1.attributeCount(); i++) {
        assertThat(m2.attributeTypeAt(i)).isEqualTo(m1.attributeTypeAt(i));
        assertThat(TestBytes.bytes(m2.attributeValueAt(i)))
            .isEqualTo(TestBytes.bytes(m1.attributeValueAt(i)));
      }
      for (Attr a : after) {
        assertThat(m2.indexOf(a.type())).isEqualTo(m1.indexOf(a.type()));
      }
      assertThat(MessageIntegrity.check(m2, KEY)).isTrue();
    } finally {
      plain.release();
      extended.release();
    }
  }

  @Property(tries = 500)
  void fingerprint_anySingleByteChange_isDetected(
      @ForAll("plainAttributes") List<Attr> attrs,
      @ForAll @IntRange(min = 0, max = 100_000) int where,
      @ForAll @IntRange(min = 1, max = 255) int xor) {
    ByteBuf out = writeWithIntegrity(attrs, false, true);
    try {
      StunMessage m = new StunMessage();
      assertThat(m.wrap(out)).isEqualTo(DecodeStatus.OK);
      assertThat(m.hasFingerprint()).isTrue();
      int at = where % out.readableBytes();
      out.setByte(at, out.getByte(at) ^ xor);
      StunMessage tampered = new StunMessage();
      boolean accepted = tampered.wrap(out).isOk() && tampered.hasFingerprint();
      assertThat(accepted).as("change at %d", at).isFalse();
    } finally {
      out.release();
    }
  }

  @Property(tries = 200)
  void writer_anyAttributes_wrapsWithSameAttributes(
      @ForAll("plainAttributes") List<Attr> attrs, @ForAll @Size(min = 12, max = 12) byte[] tx) {
    ByteBuf out = Unpooled.buffer();
    try {
      StunWriter w = new StunWriter().begin(out, StunMethod.REFRESH, MessageClass.REQUEST, tx);
      attrs.forEach(a -> w.attribute(a.type(), a.value()));
      w.fingerprint();
      StunMessage m = new StunMessage();
      assertThat(m.wrap(out)).isEqualTo(DecodeStatus.OK);
      assertThat(m.attributeCount()).isEqualTo(attrs.size() + 1);
      assertThat(m.transactionIdEquals(tx)).isTrue();
      for (int i = 0; i < attrs.size(); i++) {
        assertThat(m.attributeTypeAt(i)).isEqualTo(attrs.get(i).type());
        assertThat(TestBytes.bytes(m.attributeValueAt(i))).isEqualTo(attrs.get(i).value());
      }
    } finally {
      out.release();
    }
  }
}

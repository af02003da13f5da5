package dev.ferry.stun.attribute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.DecodeStatus;
import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.StunWriter;
import dev.ferry.stun.TestBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Every typed attribute reads back what its writer wrote; XOR addressing is an involution. */
class AttributeRoundTripProperties {

  /** Writes one message with {@code body}, wraps it with a readerIndex > 0 and hands it on. */
  private static void roundTrip(
      byte[] transactionId, Consumer<StunWriter> body, Consumer<StunMessage> check) {
    ByteBuf out = Unpooled.buffer();
    try {
      StunWriter w =
          new StunWriter().begin(out, StunMethod.ALLOCATE, MessageClass.REQUEST, transactionId);
      body.accept(w);
      w.fingerprint();
      ByteBuf window = TestBytes.windowed(TestBytes.bytes(out));
      try {
        StunMessage m = new StunMessage();
        assertThat(m.wrap(window)).isEqualTo(DecodeStatus.OK);
        check.accept(m);
      } finally {
        window.release();
      }
    } finally {
      out.release();
    }
  }

  @Provide
  Arbitrary<InetSocketAddress> addresses() {
    Arbitrary<byte[]> ip =
        Arbitraries.oneOf(
            Arbitraries.bytes().array(byte[].class).ofSize(4),
            Arbitraries.bytes().array(byte[].class).ofSize(16));
    return Combinators.combine(ip, Arbitraries.integers().between(0, 65535))
        .as(
            (bytes, port) -> {
              try {
                InetAddress a =
                    bytes.length == 4
                        ? InetAddress.getByAddress(bytes)
                        : java.net.Inet6Address.getByAddress(null, bytes, -1);
                return new InetSocketAddress(a, port);
              } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
              }
            });
  }

  @Provide
  Arbitrary<byte[]> transactionIds() {
    return Arbitraries.bytes().array(byte[].class).ofSize(12);
  }

  @Property
  void xorAddresses_roundTrip(
      @ForAll("transactionIds") byte[] tx,
      @ForAll("addresses") InetSocketAddress mapped,
      @ForAll("addresses") InetSocketAddress peer,
      @ForAll("addresses") InetSocketAddress relayed) {
    roundTrip(
        tx,
        w -> w.xorMappedAddress(mapped).xorPeerAddress(peer).xorRelayedAddress(relayed),
        m -> {
          assertThat(XorMappedAddress.read(m)).isEqualTo(mapped);
          assertThat(XorPeerAddress.read(m)).isEqualTo(peer);
          assertThat(XorRelayedAddress.read(m)).isEqualTo(relayed);
        });
  }

  @Property
  void xorPeerAddress_onWire_isNotPlainForNonZeroMask(
      @ForAll("transactionIds") byte[] tx, @ForAll("addresses") InetSocketAddress peer) {
    roundTrip(
        tx,
        w -> w.xorPeerAddress(peer),
        m -> {
          int off = m.valueOffsetAt(m.indexOf(AttributeType.XOR_PEER_ADDRESS));
          assertThat(m.buffer().getUnsignedShort(off + 2)).isEqualTo(peer.getPort() ^ 0x2112);
          assertThat(MappedAddress.read(m)).isNull();
        });
  }

  @Property
  void xorAddress_appliedTwice_isIdentity(
      @ForAll("transactionIds") byte[] tx,
      @ForAll @Size(min = 4, max = 4) byte[] v4,
      @ForAll @Size(min = 16, max = 16) byte[] v6) {
    ByteBuf header = Unpooled.buffer(20);
    try {
      header.writeInt(0).writeInt(StunMessage.MAGIC_COOKIE).writeBytes(tx);
      for (byte[] original : new byte[][] {v4, v6}) {
        byte[] a = original.clone();
        AttributeCodec.xorAddress(a, header, 0);
        AttributeCodec.xorAddress(a, header, 0);
        assertThat(a).isEqualTo(original);
      }
    } finally {
      header.release();
    }
  }

  @Property
  void plainAddresses_roundTrip(
      @ForAll("transactionIds") byte[] tx,
      @ForAll("addresses") InetSocketAddress a,
      @ForAll("addresses") InetSocketAddress b,
      @ForAll("addresses") InetSocketAddress c,
      @ForAll("addresses") InetSocketAddress d) {
    roundTrip(
        tx,
        w -> w.mappedAddress(a).alternateServer(b).responseOrigin(c).otherAddress(d),
        m -> {
          assertThat(MappedAddress.read(m)).isEqualTo(a);
          assertThat(AlternateServer.read(m)).isEqualTo(b);
          assertThat(ResponseOrigin.read(m)).isEqualTo(c);
          assertThat(OtherAddress.read(m)).isEqualTo(d);
        });
  }

  @Property
  void text_roundTrips(
      @ForAll("transactionIds") byte[] tx,
      @ForAll @StringLength(max = 100) String software,
      @ForAll @StringLength(max = 100) String realm,
      @ForAll @StringLength(max = 100) String nonce,
      @ForAll @StringLength(max = 120) String username) {
    String s = wellFormed(software);
    String r = wellFormed(realm);
    String n = wellFormed(nonce);
    String u = wellFormed(username);
    roundTrip(
        tx,
        w ->
            w.software(s)
                .realm(r)
                .nonce(n)
                .username(u)
                .alternateDomain(s)
                .thirdPartyAuthorization(r),
        m -> {
          assertThat(Software.read(m)).isEqualTo(s);
          assertThat(Realm.read(m)).isEqualTo(r);
          assertThat(Nonce.read(m)).isEqualTo(n);
          assertThat(Username.read(m)).isEqualTo(u);
          assertThat(AlternateDomain.read(m)).isEqualTo(s);
          assertThat(ThirdPartyAuthorization.read(m)).isEqualTo(r);
        });
  }

  /** Lone surrogates cannot survive UTF-8; replace them as the JDK encoder would. */
  private static String wellFormed(String s) {
    return new String(
        s.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  @Property
  void errorCode_roundTrips(
      @ForAll("transactionIds") byte[] tx,
      @ForAll @IntRange(min = 300, max = 699) int code,
      @ForAll @StringLength(max = 60) String reason,
      @ForAll @IntRange(min = 1, max = 2) int family) {
    String text = wellFormed(reason);
    roundTrip(
        tx,
        w -> w.errorCode(code, text).addressErrorCode(family, code, text),
        m -> {
          assertThat(ErrorCode.code(m)).isEqualTo(code);
          assertThat(ErrorCode.reason(m)).isEqualTo(text);
          assertThat(AddressErrorCode.code(m)).isEqualTo(code);
          assertThat(AddressErrorCode.family(m)).isEqualTo(family);
          assertThat(AddressErrorCode.reason(m)).isEqualTo(text);
        });
  }

  @Property
  void numbers_roundTrip(
      @ForAll("transactionIds") byte[] tx,
      @ForAll @LongRange(min = 0, max = 0xFFFFFFFFL) long lifetime,
      @ForAll @IntRange(min = 0, max = 255) int protocol,
      @ForAll @IntRange(min = 0, max = 65535) int channel,
      @ForAll @IntRange(min = 0, max = 255) int family,
      @ForAll long token,
      @ForAll @LongRange(min = 0, max = 0xFFFFFFFFL) long connectionId,
      @ForAll @IntRange(min = 0, max = 65535) int port,
      @ForAll boolean reserve,
      @ForAll boolean changeIp,
      @ForAll boolean changePort) {
    roundTrip(
        tx,
        w ->
            w.lifetime(lifetime)
                .requestedTransport(protocol)
                .channelNumber(channel)
                .requestedAddressFamily(family)
                .additionalAddressFamily(family)
                .reservationToken(token)
                .connectionId(connectionId)
                .responsePort(port)
                .evenPort(reserve)
                .changeRequest(changeIp, changePort)
                .dontFragment(),
        m -> {
          assertThat(Lifetime.read(m)).isEqualTo(lifetime);
          assertThat(RequestedTransport.read(m)).isEqualTo(protocol);
          assertThat(ChannelNumber.read(m)).isEqualTo(channel);
          assertThat(RequestedAddressFamily.read(m)).isEqualTo(family);
          assertThat(AdditionalAddressFamily.read(m)).isEqualTo(family);
          assertThat(ReservationToken.isPresentAndWellFormed(m)).isTrue();
          assertThat(ReservationToken.read(m)).isEqualTo(token);
          assertThat(ConnectionId.read(m)).isEqualTo(connectionId);
          assertThat(ResponsePort.read(m)).isEqualTo(port);
          assertThat(EvenPort.read(m)).isEqualTo(reserve ? EvenPort.RESERVE : EvenPort.NO_RESERVE);
          assertThat(ChangeRequest.read(m))
              .isEqualTo(
                  (changeIp ? ChangeRequest.CHANGE_IP : 0)
                      | (changePort ? ChangeRequest.CHANGE_PORT : 0));
          assertThat(DontFragment.isPresent(m)).isTrue();
        });
  }

  @Property
  void opaqueValues_roundTrip(
      @ForAll("transactionIds") byte[] tx,
      @ForAll @Size(max = 300) byte[] data,
      @ForAll @Size(max = 64) byte[] ticket,
      @ForAll @Size(min = 32, max = 32) byte[] userhash,
      @ForAll @IntRange(min = 0, max = 80) int padding,
      @ForAll @IntRange(min = 0, max = 255) int icmpType,
      @ForAll @IntRange(min = 0, max = 255) int icmpCode,
      @ForAll @LongRange(min = 0, max = 0xFFFFFFFFL) long icmpData) {
    ByteBuf payload = Unpooled.wrappedBuffer(data);
    try {
      roundTrip(
          tx,
          w ->
              w.data(payload)
                  .mobilityTicket(ticket)
                  .userhash(userhash)
                  .padding(padding)
                  .icmp(icmpType, icmpCode, icmpData),
          m -> {
            assertThat(TestBytes.bytes(Data.read(m))).isEqualTo(data);
            assertThat(TestBytes.bytes(MobilityTicket.read(m))).isEqualTo(ticket);
            assertThat(UserHashAttribute.read(m)).isEqualTo(userhash);
            assertThat(Padding.read(m)).isEqualTo(padding);
            assertThat(Icmp.read(m)).isEqualTo(new Icmp.Value(icmpType, icmpCode, icmpData));
          });
      assertThat(payload.readerIndex()).isZero();
    } finally {
      payload.release();
    }
  }

  @Property
  void lists_roundTrip(
      @ForAll("transactionIds") byte[] tx,
      @ForAll @Size(max = 10) int[] rawTypes,
      @ForAll @Size(min = 1, max = 6) int[] rawAlgorithms,
      @ForAll @IntRange(min = 0, max = 65535) int chosen) {
    int[] types = java.util.Arrays.stream(rawTypes).map(t -> t & 0xFFFF).toArray();
    int[] algorithms = java.util.Arrays.stream(rawAlgorithms).map(t -> t & 0xFFFF).toArray();
    roundTrip(
        tx,
        w ->
            w.unknownAttributes(types, types.length)
                .passwordAlgorithms(algorithms)
                .passwordAlgorithm(chosen),
        m -> {
          int[] out = new int[16];
          assertThat(UnknownAttributes.read(m, out)).isEqualTo(types.length);
          assertThat(java.util.Arrays.copyOf(out, types.length)).isEqualTo(types);
          assertThat(PasswordAlgorithms.read(m, out)).isEqualTo(algorithms.length);
          assertThat(java.util.Arrays.copyOf(out, algorithms.length)).isEqualTo(algorithms);
          assertThat(PasswordAlgorithmAttribute.read(m)).isEqualTo(chosen);
        });
  }
}

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each typed reader reports a malformed value as its documented "invalid" result. */
class MalformedAttributeTest {
  private final StunMessage message = new StunMessage();
  private ByteBuf out;

  @AfterEach
  void release() {
    out.release();
  }

  private StunMessage with(int type, String hexValue) {
    out = Unpooled.buffer();
    new StunWriter()
        .begin(out, StunMethod.ALLOCATE, MessageClass.REQUEST, new byte[12])
        .attribute(type, TestBytes.hex(hexValue));
    assertThat(message.wrap(out)).isEqualTo(DecodeStatus.OK);
    return message;
  }

  @Test
  void xorMappedAddress_ipv4WithIpv6Length_isNull() {
    assertThat(
            XorMappedAddress.read(
                with(AttributeType.XOR_MAPPED_ADDRESS, "0001a147e112a643 00000000")))
        .isNull();
  }

  @Test
  void xorPeerAddress_unknownFamily_isNull() {
    assertThat(XorPeerAddress.read(with(AttributeType.XOR_PEER_ADDRESS, "0003a147e112a643")))
        .isNull();
  }

  @Test
  void mappedAddress_tooShort_isNull() {
    assertThat(MappedAddress.read(with(AttributeType.MAPPED_ADDRESS, "0001"))).isNull();
  }

  @Test
  void addressReaderAtIndex_wrongType_isNull() {
    StunMessage m = with(AttributeType.MAPPED_ADDRESS, "00010001c0000201");
    assertThat(XorPeerAddress.read(m, 0)).isNull();
    assertThat(MappedAddress.read(m, 0)).isNotNull();
    assertThat(MappedAddress.read(m, 5)).isNull();
  }

  @Test
  void errorCode_classSeven_isInvalid() {
    StunMessage m = with(AttributeType.ERROR_CODE, "00000701");
    assertThat(ErrorCode.code(m)).isEqualTo(-1);
    assertThat(ErrorCode.reason(m)).isNull();
  }

  @Test
  void errorCode_numberAbove99_isInvalid() {
    assertThat(ErrorCode.code(with(AttributeType.ERROR_CODE, "00000464"))).isEqualTo(-1);
  }

  @Test
  void errorCode_reservedBitsSet_areIgnored() {
    assertThat(ErrorCode.code(with(AttributeType.ERROR_CODE, "fffffc26"))).isEqualTo(438);
  }

  @Test
  void software_invalidUtf8_isNull() {
    assertThat(Software.read(with(AttributeType.SOFTWARE, "41c328"))).isNull();
  }

  @Test
  void username_overlongEncoding_isNull() {
    assertThat(Username.read(with(AttributeType.USERNAME, "c0af"))).isNull();
  }

  @Test
  void realm_longerThan763Bytes_isNull() {
    assertThat(Realm.read(with(AttributeType.REALM, "41".repeat(764)))).isNull();
  }

  @Test
  void lifetime_threeBytes_isInvalid() {
    assertThat(Lifetime.read(with(AttributeType.LIFETIME, "000258"))).isEqualTo(-1);
  }

  @Test
  void requestedTransport_eightBytes_isInvalid() {
    assertThat(RequestedTransport.read(with(AttributeType.REQUESTED_TRANSPORT, "1100000000000000")))
        .isEqualTo(-1);
  }

  @Test
  void channelNumber_twoBytes_isInvalid() {
    assertThat(ChannelNumber.read(with(AttributeType.CHANNEL_NUMBER, "4000"))).isEqualTo(-1);
  }

  @Test
  void evenPort_fourBytes_isInvalid() {
    assertThat(EvenPort.read(with(AttributeType.EVEN_PORT, "80000000")))
        .isEqualTo(EvenPort.INVALID);
  }

  @Test
  void reservationToken_sevenBytes_isNotWellFormed() {
    assertThat(
            ReservationToken.isPresentAndWellFormed(
                with(AttributeType.RESERVATION_TOKEN, "01020304050607")))
        .isFalse();
  }

  @Test
  void unknownAttributes_oddLength_isInvalid() {
    assertThat(UnknownAttributes.read(with(AttributeType.UNKNOWN_ATTRIBUTES, "000100"), new int[4]))
        .isEqualTo(-1);
  }

  @Test
  void passwordAlgorithms_parametersOverrun_isInvalid() {
    assertThat(
            PasswordAlgorithms.read(
                with(AttributeType.PASSWORD_ALGORITHMS, "00010000 00020008 0000"), new int[4]))
        .isEqualTo(-1);
  }

  @Test
  void passwordAlgorithm_lengthMismatch_isInvalid() {
    assertThat(PasswordAlgorithmAttribute.read(with(AttributeType.PASSWORD_ALGORITHM, "00010004")))
        .isEqualTo(-1);
  }

  @Test
  void accessToken_nonceLengthOverruns_isNull() {
    assertThat(AccessToken.read(with(AttributeType.ACCESS_TOKEN, "0010 0102"))).isNull();
  }

  @Test
  void accessToken_wellFormed_splitsNonceAndBlock() {
    AccessToken.Value v = AccessToken.read(with(AttributeType.ACCESS_TOKEN, "0002 0102 030405"));
    assertThat(TestBytes.bytes(v.nonce())).isEqualTo(TestBytes.hex("0102"));
    assertThat(TestBytes.bytes(v.encryptedBlock())).isEqualTo(TestBytes.hex("030405"));
  }

  @Test
  void userhash_wrongLength_isNull() {
    assertThat(UserHashAttribute.read(with(AttributeType.USERHASH, "00".repeat(31)))).isNull();
  }

  @Test
  void icmp_wrongLength_isNull() {
    assertThat(Icmp.read(with(AttributeType.ICMP, "00000304"))).isNull();
  }

  @Test
  void absentAttribute_readsAsInvalid() {
    StunMessage m = with(AttributeType.SOFTWARE, "41");
    assertThat(Lifetime.read(m)).isEqualTo(-1);
    assertThat(XorPeerAddress.read(m)).isNull();
    assertThat(Data.read(m)).isNull();
    assertThat(DontFragment.isPresent(m)).isFalse();
  }
}

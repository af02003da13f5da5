package dev.ferry.stun.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChannelDataTest {

  private final ChannelData view = new ChannelData();
  private ByteBuf buf;

  @AfterEach
  void releaseBuffer() {
    if (buf != null) {
      assertThat(buf.release()).isTrue();
    }
  }

  private ByteBuf hex(String hex) {
    byte[] bytes = ByteBufUtil.decodeHexDump(hex.replace(" ", ""));
    buf = Unpooled.buffer(bytes.length).writeBytes(bytes);
    return buf;
  }

  @Test
  void decode_emptyBuffer_returnsTooShort() {
    assertThat(view.decode(hex(""), Framing.DATAGRAM)).isEqualTo(ChannelDataStatus.TOO_SHORT);
  }

  @Test
  void decode_threeBytes_returnsTooShort() {
    assertThat(view.decode(hex("400000"), Framing.DATAGRAM)).isEqualTo(ChannelDataStatus.TOO_SHORT);
  }

  @Test
  void decode_channelBelowRange_returnsChannelNumberOutOfRange() {
    assertThat(view.decode(hex("3fff0000"), Framing.DATAGRAM))
        .isEqualTo(ChannelDataStatus.CHANNEL_NUMBER_OUT_OF_RANGE);
  }

  @Test
  void decode_rfc5766Channel5000_returnsValid() {
    assertThat(view.decode(hex("50000001 7f"), Framing.DATAGRAM))
        .isEqualTo(ChannelDataStatus.VALID);
    assertThat(view.channelNumber()).isEqualTo(0x5000);
  }

  @Test
  void decode_rfc5766HighestChannel_returnsValid() {
    assertThat(view.decode(hex("7ffe0001 7f"), Framing.DATAGRAM))
        .isEqualTo(ChannelDataStatus.VALID);
    assertThat(view.channelNumber()).isEqualTo(0x7FFE);
  }

  @Test
  void decode_channel7fffNeverBindable_returnsChannelNumberOutOfRange() {
    assertThat(view.decode(hex("7fff0000"), Framing.DATAGRAM))
        .isEqualTo(ChannelDataStatus.CHANNEL_NUMBER_OUT_OF_RANGE);
  }

  @Test
  void decode_channel8000_returnsChannelNumberOutOfRange() {
    assertThat(view.decode(hex("80000000"), Framing.DATAGRAM))
        .isEqualTo(ChannelDataStatus.CHANNEL_NUMBER_OUT_OF_RANGE);
  }

  @Test
  void decode_channelFfff_returnsChannelNumberOutOfRange() {
    assertThat(view.decode(hex("ffff0000"), Framing.DATAGRAM))
        .isEqualTo(ChannelDataStatus.CHANNEL_NUMBER_OUT_OF_RANGE);
  }

  @Test
  void decode_payloadShorterThanLength_returnsTruncated() {
    assertThat(view.decode(hex("40010005 01020304"), Framing.DATAGRAM))
        .isEqualTo(ChannelDataStatus.TRUNCATED);
  }

  @Test
  void decode_datagramWithoutPadding_returnsValid() {
    assertThat(view.decode(hex("40010005 0102030405"), Framing.DATAGRAM))
        .isEqualTo(ChannelDataStatus.VALID);
    assertThat(view.channelNumber()).isEqualTo(0x4001);
    assertThat(view.payloadOffset()).isEqualTo(4);
    assertThat(view.payloadLength()).isEqualTo(5);
    assertThat(view.frameLength()).isEqualTo(9);
  }

  @Test
  void decode_datagramWithPadding_ignoresPadding() {
    assertThat(view.decode(hex("40010005 0102030405 000000"), Framing.DATAGRAM))
        .isEqualTo(ChannelDataStatus.VALID);
    assertThat(ByteBufUtil.hexDump(view.payload())).isEqualTo("0102030405");
    assertThat(view.frameLength()).isEqualTo(9);
  }

  @Test
  void decode_streamWithoutPadding_returnsMissingPadding() {
    assertThat(view.decode(hex("40010005 0102030405 0000"), Framing.STREAM))
        .isEqualTo(ChannelDataStatus.MISSING_PADDING);
  }

  @Test
  void decode_streamWithPadding_frameIncludesPadding() {
    assertThat(view.decode(hex("4fff0005 0102030405 000000 4000"), Framing.STREAM))
        .isEqualTo(ChannelDataStatus.VALID);
    assertThat(view.channelNumber()).isEqualTo(0x4FFF);
    assertThat(view.payloadLength()).isEqualTo(5);
    assertThat(view.frameLength()).isEqualTo(12);
  }

  @Test
  void decode_streamLengthMultipleOfFour_needsNoPadding() {
    assertThat(view.decode(hex("40000004 01020304"), Framing.STREAM))
        .isEqualTo(ChannelDataStatus.VALID);
    assertThat(view.frameLength()).isEqualTo(8);
  }

  @Test
  void decode_zeroLength_returnsValidWithEmptyPayload() {
    assertThat(view.decode(hex("40000000"), Framing.STREAM)).isEqualTo(ChannelDataStatus.VALID);
    assertThat(view.payloadLength()).isZero();
    assertThat(view.payload().readableBytes()).isZero();
  }

  @Test
  void decode_readerIndexAfterStart_offsetsAreAbsolute() {
    ByteBuf in = hex("ffff 40020002 abcd");
    in.readerIndex(2);
    assertThat(view.decode(in, Framing.DATAGRAM)).isEqualTo(ChannelDataStatus.VALID);
    assertThat(view.channelNumber()).isEqualTo(0x4002);
    assertThat(view.payloadOffset()).isEqualTo(6);
    assertThat(ByteBufUtil.hexDump(view.payload())).isEqualTo("abcd");
  }

  @Test
  void decode_lengthBeyondWriterIndex_returnsTruncatedEvenIfCapacityIsLarger() {
    ByteBuf in = hex("40020004 abcd 0000");
    in.writerIndex(6);
    assertThat(view.decode(in, Framing.DATAGRAM)).isEqualTo(ChannelDataStatus.TRUNCATED);
  }

  @Test
  void decode_valid_leavesIndicesAndRefCountAlone() {
    ByteBuf in = hex("40010001 7f");
    view.decode(in, Framing.DATAGRAM);
    assertThat(in.readerIndex()).isZero();
    assertThat(in.writerIndex()).isEqualTo(5);
    assertThat(in.refCnt()).isEqualTo(1);
  }

  @Test
  void decode_invalidAfterValid_clearsView() {
    ByteBuf in = hex("40010001 7f");
    view.decode(in, Framing.DATAGRAM);
    in.readerIndex(1);
    assertThat(view.decode(in, Framing.DATAGRAM))
        .isEqualTo(ChannelDataStatus.CHANNEL_NUMBER_OUT_OF_RANGE);
    assertThat(view.isValid()).isFalse();
    assertThatThrownBy(view::channelNumber).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void clear_afterValid_forgetsBuffer() {
    view.decode(hex("40010001 7f"), Framing.DATAGRAM);
    view.clear();
    assertThat(view.isValid()).isFalse();
    assertThatThrownBy(view::payload).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void payload_sharesMemoryWithBuffer() {
    ByteBuf in = hex("40010002 aaaa");
    view.decode(in, Framing.DATAGRAM);
    ByteBuf payload = view.payload();
    in.setByte(4, 0x11);
    assertThat(payload.getUnsignedByte(0)).isEqualTo((short) 0x11);
    assertThat(in.refCnt()).isEqualTo(1);
  }

  @Test
  void retainedPayload_holdsOwnReference() {
    ByteBuf in = hex("40010003 010203");
    view.decode(in, Framing.DATAGRAM);
    ByteBuf payload = view.retainedPayload();
    assertThat(in.refCnt()).isEqualTo(2);
    assertThat(ByteBufUtil.hexDump(payload)).isEqualTo("010203");
    assertThat(payload.release()).isFalse();
    assertThat(in.refCnt()).isEqualTo(1);
  }

  @Test
  void paddedLength_roundsHeaderPlusPayloadUpToFour() {
    assertThat(ChannelData.paddedLength(0)).isEqualTo(4);
    assertThat(ChannelData.paddedLength(1)).isEqualTo(8);
    assertThat(ChannelData.paddedLength(4)).isEqualTo(8);
    assertThat(ChannelData.paddedLength(65535)).isEqualTo(65540);
  }

  @Test
  void paddingLength_isBytesToNextMultipleOfFour() {
    assertThat(ChannelData.paddingLength(0)).isZero();
    assertThat(ChannelData.paddingLength(1)).isEqualTo(3);
    assertThat(ChannelData.paddingLength(2)).isEqualTo(2);
    assertThat(ChannelData.paddingLength(3)).isEqualTo(1);
    assertThat(ChannelData.paddingLength(65535)).isEqualTo(1);
  }
}

package dev.ferry.stun.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChannelDataWriterTest {

  private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

  private final ByteBuf payload = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("0102030405"));

  @AfterEach
  void releasePayload() {
    assertThat(payload.release()).isTrue();
  }

  @Test
  void writeHeader_writesChannelThenLength() {
    ByteBuf out = Unpooled.buffer();
    ChannelDataWriter.writeHeader(out, 0x4abc, 0x0102);
    assertThat(ByteBufUtil.hexDump(out)).isEqualTo("4abc0102");
    assertThat(out.release()).isTrue();
  }

  @Test
  void writeHeader_rfc5766Channel_writesChannelThenLength() {
    ByteBuf out = Unpooled.buffer();
    ChannelDataWriter.writeHeader(out, 0x7abc, 0x0102);
    assertThat(ByteBufUtil.hexDump(out)).isEqualTo("7abc0102");
    assertThat(out.release()).isTrue();
  }

  @Test
  void writeHeader_reservedChannel_throws() {
    ByteBuf out = Unpooled.buffer();
    assertThatThrownBy(() -> ChannelDataWriter.writeHeader(out, 0x8000, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(out.writerIndex()).isZero();
    assertThat(out.release()).isTrue();
  }

  @Test
  void writeHeader_lengthAboveSixteenBits_throws() {
    ByteBuf out = Unpooled.buffer();
    assertThatThrownBy(() -> ChannelDataWriter.writeHeader(out, 0x4000, 0x10000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(out.release()).isTrue();
  }

  @Test
  void writeMessage_appendsAfterExistingBytes() {
    ByteBuf out = Unpooled.buffer();
    out.writeByte(0xee);
    ChannelDataWriter.writeMessage(out, 0x4001, payload, Framing.DATAGRAM);
    assertThat(ByteBufUtil.hexDump(out)).isEqualTo("ee400100050102030405");
    assertThat(out.release()).isTrue();
  }

  @Test
  void copy_datagram_hasNoPadding() {
    ByteBuf out = ChannelDataWriter.copy(ALLOC, 0x4001, payload, Framing.DATAGRAM);
    assertThat(ByteBufUtil.hexDump(out)).isEqualTo("400100050102030405");
    assertThat(out.release()).isTrue();
  }

  @Test
  void copy_stream_padsWithZerosToFourBytes() {
    ByteBuf out = ChannelDataWriter.copy(ALLOC, 0x4001, payload, Framing.STREAM);
    assertThat(ByteBufUtil.hexDump(out)).isEqualTo("400100050102030405000000");
    assertThat(out.release()).isTrue();
  }

  @Test
  void copy_leavesPayloadIndicesAndRefCountAlone() {
    payload.readerIndex(1);
    ByteBuf out = ChannelDataWriter.copy(ALLOC, 0x4001, payload, Framing.DATAGRAM);
    assertThat(ByteBufUtil.hexDump(out)).isEqualTo("4001000402030405");
    assertThat(payload.readerIndex()).isEqualTo(1);
    assertThat(payload.refCnt()).isEqualTo(1);
    assertThat(out.release()).isTrue();
  }

  @Test
  void copy_emptyPayloadOnStream_isHeaderOnly() {
    ByteBuf empty = Unpooled.buffer(0);
    ByteBuf out = ChannelDataWriter.copy(ALLOC, 0x4fff, empty, Framing.STREAM);
    assertThat(ByteBufUtil.hexDump(out)).isEqualTo("4fff0000");
    assertThat(out.release()).isTrue();
    assertThat(empty.release()).isTrue();
  }

  @Test
  void composite_datagram_isHeaderThenPayload() {
    CompositeByteBuf out = ChannelDataWriter.composite(ALLOC, 0x4002, payload, Framing.DATAGRAM);
    assertThat(ByteBufUtil.hexDump(out)).isEqualTo("400200050102030405");
    assertThat(out.numComponents()).isEqualTo(2);
    assertThat(out.release()).isTrue();
  }

  @Test
  void composite_stream_addsZeroPadding() {
    CompositeByteBuf out = ChannelDataWriter.composite(ALLOC, 0x4002, payload, Framing.STREAM);
    assertThat(ByteBufUtil.hexDump(out)).isEqualTo("400200050102030405000000");
    assertThat(out.numComponents()).isEqualTo(3);
    assertThat(out.release()).isTrue();
  }

  @Test
  void composite_stream_sharedPaddingSurvivesEarlierRelease() {
    CompositeByteBuf first = ChannelDataWriter.composite(ALLOC, 0x4002, payload, Framing.STREAM);
    assertThat(first.release()).isTrue();
    CompositeByteBuf second = ChannelDataWriter.composite(ALLOC, 0x4003, payload, Framing.STREAM);
    assertThat(ByteBufUtil.hexDump(second)).isEqualTo("400300050102030405000000");
    assertThat(second.release()).isTrue();
  }

  @Test
  void composite_directPayload_staysDirectForTransports() {
    ByteBuf direct = ALLOC.directBuffer(5).writeBytes(payload, 0, 5);
    CompositeByteBuf out = ChannelDataWriter.composite(ALLOC, 0x4002, direct, Framing.STREAM);
    assertThat(out.isDirect()).isTrue();
    assertThat(out.release()).isTrue();
    assertThat(direct.release()).isTrue();
  }

  @Test
  void composite_retainsPayloadUntilReleased() {
    CompositeByteBuf out = ChannelDataWriter.composite(ALLOC, 0x4002, payload, Framing.DATAGRAM);
    assertThat(payload.refCnt()).isEqualTo(2);
    assertThat(out.release()).isTrue();
    assertThat(payload.refCnt()).isEqualTo(1);
  }

  @Test
  void composite_sharesPayloadMemory() {
    CompositeByteBuf out = ChannelDataWriter.composite(ALLOC, 0x4002, payload, Framing.DATAGRAM);
    payload.setByte(0, 0xff);
    assertThat(out.getUnsignedByte(4)).isEqualTo((short) 0xff);
    assertThat(out.release()).isTrue();
  }

  @Test
  void composite_reservedChannel_throwsWithoutRetaining() {
    assertThatThrownBy(() -> ChannelDataWriter.composite(ALLOC, 0x8000, payload, Framing.STREAM))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(payload.refCnt()).isEqualTo(1);
  }
}

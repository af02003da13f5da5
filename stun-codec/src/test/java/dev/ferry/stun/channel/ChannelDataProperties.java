package dev.ferry.stun.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ChannelDataProperties {

  /**
   * The input sits between guard bytes inside a larger array and is exposed as a slice, so any read
   * outside the readable range throws and fails the property.
   */
  @Property
  void decode_arbitraryBytes_returnsStatusAndStaysInsideReadableBytes(
      @ForAll @Size(max = 80) byte[] bytes,
      @ForAll @IntRange(max = 8) int prefix,
      @ForAll Framing framing) {
    byte[] backing = new byte[prefix + bytes.length + 8];
    System.arraycopy(bytes, 0, backing, prefix, bytes.length);
    ByteBuf in = Unpooled.wrappedBuffer(backing).slice(prefix, bytes.length);
    ChannelData view = new ChannelData();

    ChannelDataStatus status = view.decode(in, framing);

    assertThat(status).isNotNull();
    assertThat(in.readerIndex()).isZero();
    assertThat(view.isValid()).isEqualTo(status == ChannelDataStatus.VALID);
    if (status == ChannelDataStatus.VALID) {
      assertThat(ChannelNumbers.isValid(view.channelNumber())).isTrue();
      assertThat(view.payloadOffset() + view.payloadLength()).isLessThanOrEqualTo(bytes.length);
      assertThat(view.frameLength()).isLessThanOrEqualTo(bytes.length);
      assertThat(view.payload().readableBytes()).isEqualTo(view.payloadLength());
    }
    assertThat(in.release()).isTrue();
  }

  @Property
  void copyThenDecode_returnsSameChannelAndPayload(
      @ForAll @IntRange(min = ChannelNumbers.MIN, max = ChannelNumbers.MAX) int channel,
      @ForAll @Size(max = 300) byte[] data,
      @ForAll Framing framing) {
    ByteBuf payload = Unpooled.buffer(data.length).writeBytes(data);
    ByteBuf message =
        ChannelDataWriter.copy(PooledByteBufAllocator.DEFAULT, channel, payload, framing);
    assertDecodesTo(message, framing, channel, data);
    assertThat(message.release()).isTrue();
    assertThat(payload.release()).isTrue();
  }

  @Property
  void compositeThenDecode_returnsSameChannelAndPayload(
      @ForAll @IntRange(min = ChannelNumbers.MIN, max = ChannelNumbers.MAX) int channel,
      @ForAll @Size(max = 300) byte[] data,
      @ForAll Framing framing) {
    ByteBuf payload = Unpooled.buffer(data.length).writeBytes(data);
    ByteBuf message =
        ChannelDataWriter.composite(PooledByteBufAllocator.DEFAULT, channel, payload, framing);
    assertDecodesTo(message, framing, channel, data);
    assertThat(message.release()).isTrue();
    assertThat(payload.release()).isTrue();
  }

  @Property
  void copyAndComposite_produceSameBytes(
      @ForAll @IntRange(min = ChannelNumbers.MIN, max = ChannelNumbers.MAX) int channel,
      @ForAll @Size(max = 64) byte[] data,
      @ForAll Framing framing) {
    ByteBuf payload = Unpooled.buffer(data.length).writeBytes(data);
    ByteBuf copy =
        ChannelDataWriter.copy(PooledByteBufAllocator.DEFAULT, channel, payload, framing);
    ByteBuf composite =
        ChannelDataWriter.composite(PooledByteBufAllocator.DEFAULT, channel, payload, framing);
    assertThat(ByteBufUtil.equals(copy, composite)).isTrue();
    assertThat(copy.release()).isTrue();
    assertThat(composite.release()).isTrue();
    assertThat(payload.release()).isTrue();
  }

  private static void assertDecodesTo(ByteBuf message, Framing framing, int channel, byte[] data) {
    ChannelData view = new ChannelData();
    assertThat(view.decode(message, framing)).isEqualTo(ChannelDataStatus.VALID);
    assertThat(view.channelNumber()).isEqualTo(channel);
    assertThat(view.frameLength()).isEqualTo(message.readableBytes());
    int refCntBefore = message.refCnt();
    ByteBuf unwrapped = view.retainedPayload();
    assertThat(ByteBufUtil.getBytes(unwrapped)).isEqualTo(data);
    unwrapped.release();
    assertThat(message.refCnt()).isEqualTo(refCntBefore);
  }
}

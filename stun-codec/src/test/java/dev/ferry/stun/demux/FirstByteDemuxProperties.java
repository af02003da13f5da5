package dev.ferry.stun.demux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.stun.channel.ChannelNumbers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class FirstByteDemuxProperties {

  @Property
  void classify_everyByte_returnsAKindAndAgreesWithBufferForm(@ForAll byte first) {
    ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {first, 1, 2, 3});
    PacketKind kind = FirstByteDemux.classify(first);
    assertThat(kind).isNotNull();
    assertThat(FirstByteDemux.classify(buf)).isEqualTo(kind);
    assertThat(buf.release()).isTrue();
  }

  /** The demux table and the channel-number range must agree, or valid channels get dropped. */
  @Property
  void classify_validChannelNumber_returnsChannelData(
      @ForAll @IntRange(min = ChannelNumbers.MIN, max = ChannelNumbers.MAX) int channel) {
    assertThat(FirstByteDemux.classify(channel >>> 8)).isEqualTo(PacketKind.CHANNEL_DATA);
  }

  /** RFC 5766 §11: the first two bits 0b01 mark ChannelData, and only they do. */
  @Property
  void classify_channelData_exactlyWhenFirstTwoBitsAre01(@ForAll @IntRange(max = 0xFF) int first) {
    boolean channelData = FirstByteDemux.classify(first) == PacketKind.CHANNEL_DATA;
    assertThat(channelData).isEqualTo((first >>> 6) == 0b01);
  }
}

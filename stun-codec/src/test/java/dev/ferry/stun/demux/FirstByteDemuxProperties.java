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
  void classify_channelData_exactlyWhenHighByteOfAValidChannelNumber(
      @ForAll @IntRange(max = 0xFFFF) int firstTwoBytes) {
    boolean channelData = FirstByteDemux.classify(firstTwoBytes >>> 8) == PacketKind.CHANNEL_DATA;
    assertThat(channelData).isEqualTo(ChannelNumbers.isValid(firstTwoBytes));
  }
}

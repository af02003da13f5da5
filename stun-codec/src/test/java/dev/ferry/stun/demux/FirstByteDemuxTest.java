package dev.ferry.stun.demux;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FirstByteDemuxTest {

  @ParameterizedTest(name = "classify_{0}_returns{1}")
  @CsvSource({
    "0, STUN",
    "3, STUN",
    "4, UNKNOWN",
    "15, UNKNOWN",
    "16, ZRTP",
    "19, ZRTP",
    "20, DTLS",
    "63, DTLS",
    "64, CHANNEL_DATA",
    "79, CHANNEL_DATA",
    "80, CHANNEL_DATA",
    "127, CHANNEL_DATA",
    "128, RTP_RTCP",
    "191, RTP_RTCP",
    "192, UNKNOWN",
    "255, UNKNOWN"
  })
  void classify_rangeBoundary_matchesRfc7983TableWithRfc5766Channels(
      int firstByte, PacketKind expected) {
    assertThat(FirstByteDemux.classify(firstByte)).isEqualTo(expected);
  }

  @Test
  void classify_intWithHighBits_usesLowByteOnly() {
    assertThat(FirstByteDemux.classify(0x140)).isEqualTo(PacketKind.CHANNEL_DATA);
    assertThat(FirstByteDemux.classify((byte) 0x80)).isEqualTo(PacketKind.RTP_RTCP);
  }

  @Test
  void classify_emptyBuffer_returnsUnknown() {
    ByteBuf empty = Unpooled.buffer(0);
    assertThat(FirstByteDemux.classify(empty)).isEqualTo(PacketKind.UNKNOWN);
    assertThat(empty.release()).isTrue();
  }

  @Test
  void classify_buffer_readsByteAtReaderIndexWithoutMovingIt() {
    ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, 0x40, 0x00});
    buf.readerIndex(1);
    assertThat(FirstByteDemux.classify(buf)).isEqualTo(PacketKind.CHANNEL_DATA);
    assertThat(buf.readerIndex()).isEqualTo(1);
    assertThat(buf.release()).isTrue();
  }
}

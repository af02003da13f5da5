package dev.ferry.stun.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StunFrameDecoderTest {

  private final UserEventRecorder recorder = new UserEventRecorder();
  private final EmbeddedChannel channel = Frames.channel(new StunFrameDecoder(), recorder);

  private void feed(byte[] bytes) {
    channel.writeInbound(Frames.pooled(bytes));
  }

  private void feedOneByteAtATime(byte[] bytes) {
    for (byte b : bytes) {
      channel.writeInbound(Frames.pooled(new byte[] {b}));
    }
  }

  /** Reads the next emitted frame, checks its bytes and releases it. */
  private void assertNextFrame(byte[] expected) {
    ByteBuf frame = channel.readInbound();
    assertThat(frame).as("next frame").isNotNull();
    assertThat(ByteBufUtil.getBytes(frame)).isEqualTo(expected);
    assertTrue(frame.release());
  }

  private void assertNoFrame() {
    assertThat((Object) channel.readInbound()).isNull();
  }

  @Test
  void decode_oneStunMessage_emitsIt() {
    byte[] stun = Frames.stun(0x0001, 8, (byte) 1);
    feed(stun);
    assertNextFrame(stun);
    assertNoFrame();
    assertFalse(channel.finish());
  }

  @Test
  void decode_stunHeaderOnly_emitsTwentyBytes() {
    byte[] stun = Frames.stun(0x0101, 0, (byte) 0);
    feed(stun);
    assertNextFrame(stun);
    assertFalse(channel.finish());
  }

  @Test
  void decode_oneByteAtATime_emitsEachFrameOnceWhenComplete() {
    byte[] first = Frames.stun(0x0003, 12, (byte) 1);
    byte[] second = Frames.paddedChannelData(0x4001, 5, (byte) 2);
    byte[] third = Frames.stun(0x0016, 4, (byte) 3);
    feedOneByteAtATime(Frames.concat(first, second, third));
    assertNextFrame(first);
    assertNextFrame(Frames.channelData(0x4001, 5, (byte) 2));
    assertNextFrame(third);
    assertNoFrame();
    assertFalse(channel.finish());
  }

  @Test
  void decode_partialFrame_emitsNothingUntilLastByte() {
    byte[] stun = Frames.stun(0x0001, 4, (byte) 7);
    feed(Arrays.copyOf(stun, stun.length - 1));
    assertNoFrame();
    feed(new byte[] {stun[stun.length - 1]});
    assertNextFrame(stun);
    assertFalse(channel.finish());
  }

  @Test
  void decode_severalFramesInOneBuffer_emitsAllInOrder() {
    byte[] a = Frames.paddedChannelData(0x4000, 3, (byte) 0xa);
    byte[] b = Frames.stun(0x0001, 0, (byte) 0);
    byte[] c = Frames.paddedChannelData(0x4fff, 8, (byte) 0xc);
    feed(Frames.concat(a, b, c));
    assertNextFrame(Frames.channelData(0x4000, 3, (byte) 0xa));
    assertNextFrame(b);
    assertNextFrame(Frames.channelData(0x4fff, 8, (byte) 0xc));
    assertNoFrame();
    assertFalse(channel.finish());
  }

  @Test
  void decode_paddedChannelData_emitsWithoutPadding() {
    feed(Frames.paddedChannelData(0x4abc, 1, (byte) 0x55));
    assertNextFrame(new byte[] {0x4a, (byte) 0xbc, 0x00, 0x01, 0x55});
    assertFalse(channel.finish());
  }

  @Test
  void decode_channelDataBeforePaddingArrives_waitsForPadding() {
    byte[] padded = Frames.paddedChannelData(0x4001, 5, (byte) 9);
    feed(Frames.channelData(0x4001, 5, (byte) 9));
    assertNoFrame();
    feed(new byte[] {padded[9], padded[10], padded[11]});
    assertNextFrame(Frames.channelData(0x4001, 5, (byte) 9));
    assertFalse(channel.finish());
  }

  @Test
  void decode_zeroLengthChannelData_emitsHeaderOnly() {
    feed(Frames.paddedChannelData(0x4002, 0, (byte) 0));
    assertNextFrame(new byte[] {0x40, 0x02, 0x00, 0x00});
    assertFalse(channel.finish());
  }

  @Test
  void decode_largestChannelData_isAccepted() {
    byte[] padded = Frames.paddedChannelData(0x4003, 0xFFFF, (byte) 4);
    assertThat(padded.length).isEqualTo(65540);
    feed(padded);
    assertNextFrame(Frames.channelData(0x4003, 0xFFFF, (byte) 4));
    assertThat(recorder.events).isEmpty();
    assertFalse(channel.finish());
  }

  @Test
  void decode_stunLongerThanLimit_firesFrameTooLongAndClosesBeforeBodyArrives() {
    byte[] header = Arrays.copyOf(Frames.stun(0x0001, 0xFFF0, (byte) 0), 20);
    feed(header);
    assertNoFrame();
    assertThat(recorder.events)
        .containsExactly(new FramingError(FramingError.Reason.FRAME_TOO_LONG, 20 + 0xFFF0));
    assertThat(channel.isOpen()).isFalse();
    assertFalse(channel.finish());
  }

  @Test
  void decode_stunExactlyAtLimit_isAccepted() {
    EmbeddedChannel limited = Frames.channel(new StunFrameDecoder(28));
    byte[] stun = Frames.stun(0x0001, 8, (byte) 1);
    limited.writeInbound(Frames.pooled(stun));
    ByteBuf frame = limited.readInbound();
    assertThat(ByteBufUtil.getBytes(frame)).isEqualTo(stun);
    assertTrue(frame.release());
    assertFalse(limited.finish());
  }

  @Test
  void decode_channelDataAboveCustomLimit_firesFrameTooLong() {
    UserEventRecorder limitedRecorder = new UserEventRecorder();
    EmbeddedChannel limited = Frames.channel(new StunFrameDecoder(100), limitedRecorder);
    limited.writeInbound(Frames.pooled(Frames.channelData(0x4000, 97, (byte) 0)));
    assertThat((Object) limited.readInbound()).isNull();
    assertThat(limitedRecorder.events)
        .containsExactly(new FramingError(FramingError.Reason.FRAME_TOO_LONG, 101));
    assertThat(limited.isOpen()).isFalse();
    assertFalse(limited.finish());
  }

  @Test
  void decode_unknownFirstByte_firesUnknownFirstByteAndCloses() {
    feed(new byte[] {0x08, 0x00, 0x00, 0x00});
    assertNoFrame();
    assertThat(recorder.events)
        .containsExactly(new FramingError(FramingError.Reason.UNKNOWN_FIRST_BYTE, 0x08));
    assertThat(channel.isOpen()).isFalse();
    assertFalse(channel.finish());
  }

  @Test
  void decode_rfc5766ChannelDataOneByteAtATime_emitsItWithoutPadding() {
    byte[] stun = Frames.stun(0x0009, 4, (byte) 1);
    feedOneByteAtATime(Frames.concat(Frames.paddedChannelData(0x7abc, 5, (byte) 0x33), stun));
    assertNextFrame(Frames.channelData(0x7abc, 5, (byte) 0x33));
    assertNextFrame(stun);
    assertNoFrame();
    assertThat(recorder.events).isEmpty();
    assertFalse(channel.finish());
  }

  @Test
  void decode_channel7fff_isFramedSoTheStreamStaysInSync() {
    byte[] stun = Frames.stun(0x0001, 0, (byte) 0);
    feed(Frames.concat(Frames.paddedChannelData(0x7fff, 2, (byte) 4), stun));
    assertNextFrame(Frames.channelData(0x7fff, 2, (byte) 4));
    assertNextFrame(stun);
    assertFalse(channel.finish());
  }

  @Test
  void decode_tlsRecordByte_isRejectedFromTheFirstByteAlone() {
    feed(new byte[] {0x16});
    assertThat(recorder.events)
        .containsExactly(new FramingError(FramingError.Reason.UNKNOWN_FIRST_BYTE, 0x16));
    assertFalse(channel.finish());
  }

  @Test
  void decode_goodFrameThenBadByte_emitsGoodFrameThenRejectsTheRest() {
    byte[] good = Frames.stun(0x0001, 4, (byte) 1);
    byte[] after = Frames.stun(0x0001, 0, (byte) 0);
    feed(Frames.concat(good, new byte[] {(byte) 0x80, 0, 0, 0}, after));
    assertNextFrame(good);
    assertNoFrame();
    assertThat(recorder.events)
        .containsExactly(new FramingError(FramingError.Reason.UNKNOWN_FIRST_BYTE, 0x80));
    assertFalse(channel.finish());
  }

  @Test
  void decode_inputEndsInsideFrame_firesTruncatedAtEnd() {
    feed(Arrays.copyOf(Frames.stun(0x0001, 8, (byte) 1), 25));
    assertNoFrame();
    assertFalse(channel.finish());
    assertThat(recorder.events)
        .containsExactly(new FramingError(FramingError.Reason.TRUNCATED_AT_END, 25));
  }

  @Test
  void decode_inputEndsBetweenFrames_firesNothing() {
    byte[] stun = Frames.stun(0x0001, 0, (byte) 0);
    feed(stun);
    assertNextFrame(stun);
    assertFalse(channel.finish());
    assertThat(recorder.events).isEmpty();
  }

  @Test
  void decode_emittedFrames_areIndependentOfLaterInput() {
    byte[] first = Frames.stun(0x0001, 4, (byte) 1);
    byte[] second = Frames.stun(0x0001, 4, (byte) 2);
    feed(first);
    feed(Arrays.copyOf(second, 10));
    feed(Arrays.copyOfRange(second, 10, second.length));
    List<byte[]> expected = List.of(first, second);
    for (byte[] frame : expected) {
      assertNextFrame(frame);
    }
    assertFalse(channel.finish());
  }

  @Test
  void constructor_limitBelowStunHeader_throws() {
    assertThatThrownBy(() -> new StunFrameDecoder(19)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructor_limitAboveExpressibleFrame_throws() {
    assertThatThrownBy(() -> new StunFrameDecoder(20 + 0xFFFF + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.ferry.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class StampTest {
  @Test
  void write_framesPayloadAsChannelDataWithSequenceAndTimes() {
    ByteBuf frame = Unpooled.buffer();
    try {
      Stamp.write(frame, 0x4000, 100, 7L, 123_456_789L, 1_700_000_000_000_000_000L);

      assertThat(frame.readableBytes()).isEqualTo(104);
      assertThat(frame.getUnsignedShort(0)).isEqualTo(0x4000);
      assertThat(frame.getUnsignedShort(2)).isEqualTo(100);
      assertThat(Stamp.isStampedFrame(frame, 0x4000)).isTrue();
      assertThat(Stamp.sequence(frame)).isEqualTo(7L);
      assertThat(Stamp.sentAtNanos(frame)).isEqualTo(123_456_789L);
      assertThat(Stamp.sentAtRealtime(frame)).isEqualTo(1_700_000_000_000_000_000L);
      assertThat(Stamp.peerTurnaround(frame)).isZero();
    } finally {
      frame.release();
    }
  }

  @Test
  void setPeerTurnaround_onTheRelayedPayload_isReadBackFromTheEchoedFrame() {
    ByteBuf frame = Unpooled.buffer();
    try {
      Stamp.write(frame, 0x4000, 100, 7L, 1L, 2L);
      // The peer sees the payload without the ChannelData header.
      ByteBuf payload = frame.slice(Stamp.HEADER, 100);

      Stamp.setPeerTurnaround(payload, 4_321L);

      assertThat(payload.readerIndex()).isZero();
      assertThat(Stamp.peerTurnaround(frame)).isEqualTo(4_321L);
      assertThat(Stamp.sequence(frame)).isEqualTo(7L);
      assertThat(Stamp.sentAtRealtime(frame)).isEqualTo(2L);
    } finally {
      frame.release();
    }
  }

  @Test
  void setPeerTurnaround_onAPayloadTooShortForAStamp_leavesItAlone() {
    ByteBuf payload = Unpooled.buffer().writeZero(Stamp.MIN_PAYLOAD - 1);
    try {
      Stamp.setPeerTurnaround(payload, 4_321L);

      assertThat(payload.getLong(Stamp.MIN_PAYLOAD - 9)).isZero();
    } finally {
      payload.release();
    }
  }

  @Test
  void isStampedFrame_otherChannel_returnsFalse() {
    ByteBuf frame = Unpooled.buffer();
    try {
      Stamp.write(frame, 0x4001, 32, 1L, 2L, 0L);

      assertThat(Stamp.isStampedFrame(frame, 0x4000)).isFalse();
    } finally {
      frame.release();
    }
  }

  @Test
  void isStampedFrame_lengthBeyondDatagram_returnsFalse() {
    ByteBuf frame = Unpooled.buffer();
    try {
      Stamp.write(frame, 0x4000, 32, 1L, 2L, 0L);
      frame.writerIndex(frame.writerIndex() - 1);

      assertThat(Stamp.isStampedFrame(frame, 0x4000)).isFalse();
    } finally {
      frame.release();
    }
  }

  @Test
  void isStampedFrame_stunHeader_returnsFalse() {
    ByteBuf message = Unpooled.buffer().writeShort(0x0101).writeShort(0).writeZero(32);
    try {
      assertThat(Stamp.isStampedFrame(message, 0x4000)).isFalse();
    } finally {
      message.release();
    }
  }
}

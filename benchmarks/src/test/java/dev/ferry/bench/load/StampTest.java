package dev.ferry.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class StampTest {
  @Test
  void write_framesPayloadAsChannelDataWithSequenceAndTime() {
    ByteBuf frame = Unpooled.buffer();
    try {
      Stamp.write(frame, 0x4000, 100, 7L, 123_456_789L);

      assertThat(frame.readableBytes()).isEqualTo(104);
      assertThat(frame.getUnsignedShort(0)).isEqualTo(0x4000);
      assertThat(frame.getUnsignedShort(2)).isEqualTo(100);
      assertThat(Stamp.isStampedFrame(frame, 0x4000)).isTrue();
      assertThat(Stamp.sequence(frame)).isEqualTo(7L);
      assertThat(Stamp.sentAtNanos(frame)).isEqualTo(123_456_789L);
    } finally {
      frame.release();
    }
  }

  @Test
  void isStampedFrame_otherChannel_returnsFalse() {
    ByteBuf frame = Unpooled.buffer();
    try {
      Stamp.write(frame, 0x4001, 16, 1L, 2L);

      assertThat(Stamp.isStampedFrame(frame, 0x4000)).isFalse();
    } finally {
      frame.release();
    }
  }

  @Test
  void isStampedFrame_lengthBeyondDatagram_returnsFalse() {
    ByteBuf frame = Unpooled.buffer();
    try {
      Stamp.write(frame, 0x4000, 32, 1L, 2L);
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

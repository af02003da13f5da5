package dev.ferry.stun.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.stun.attribute.ChannelNumber;
import org.junit.jupiter.api.Test;

class ChannelNumbersTest {

  @Test
  void isValid_lowestChannel_true() {
    assertThat(ChannelNumbers.isValid(0x4000)).isTrue();
  }

  @Test
  void isValid_highestChannel_true() {
    assertThat(ChannelNumbers.isValid(0x7FFE)).isTrue();
  }

  @Test
  void isValid_rfc8656UpperBound_true() {
    assertThat(ChannelNumbers.isValid(0x4FFF)).isTrue();
  }

  @Test
  void isValid_justBelowRange_false() {
    assertThat(ChannelNumbers.isValid(0x3FFF)).isFalse();
  }

  @Test
  void isValid_firstNumberReservedByRfc7983_trueForRfc5766Clients() {
    assertThat(ChannelNumbers.isValid(0x5000)).isTrue();
  }

  @Test
  void isValid_7fffNeverBindableByRfc5766_false() {
    assertThat(ChannelNumbers.isValid(0x7FFF)).isFalse();
  }

  @Test
  void isValid_firstByteOfRtp_false() {
    assertThat(ChannelNumbers.isValid(0x8000)).isFalse();
  }

  @Test
  void isRfc8656_upperBound_true() {
    assertThat(ChannelNumbers.isRfc8656(0x4FFF)).isTrue();
  }

  @Test
  void isRfc8656_firstReservedByRfc7983_false() {
    assertThat(ChannelNumbers.isRfc8656(0x5000)).isFalse();
  }

  @Test
  void isRfc8656_belowRange_false() {
    assertThat(ChannelNumbers.isRfc8656(0x3FFF)).isFalse();
  }

  @Test
  void isValid_negative_false() {
    assertThat(ChannelNumbers.isValid(-1)).isFalse();
  }

  /** The codec's CHANNEL-NUMBER attribute keeps its own range; the two must never drift apart. */
  @Test
  void isValid_everySixteenBitNumber_agreesWithChannelNumberAttribute() {
    for (int channel = 0; channel <= 0xFFFF; channel++) {
      assertThat(ChannelNumbers.isValid(channel))
          .as("0x%04x", channel)
          .isEqualTo(ChannelNumber.isValid(channel));
    }
  }

  @Test
  void count_coversWholeRange() {
    assertThat(ChannelNumbers.COUNT).isEqualTo(0x3FFF);
  }

  @Test
  void index_lowestChannel_returnsZero() {
    assertThat(ChannelNumbers.index(0x4000)).isZero();
  }

  @Test
  void index_highestChannel_returnsLastSlot() {
    assertThat(ChannelNumbers.index(0x7FFE)).isEqualTo(ChannelNumbers.COUNT - 1);
  }

  @Test
  void index_reservedChannel_throws() {
    assertThatThrownBy(() -> ChannelNumbers.index(0x7FFF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0x7fff");
  }

  @Test
  void fromIndex_ofIndex_returnsSameChannel() {
    assertThat(ChannelNumbers.fromIndex(ChannelNumbers.index(0x4ABC))).isEqualTo(0x4ABC);
  }

  @Test
  void fromIndex_pastLastSlot_throws() {
    assertThatThrownBy(() -> ChannelNumbers.fromIndex(ChannelNumbers.COUNT))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

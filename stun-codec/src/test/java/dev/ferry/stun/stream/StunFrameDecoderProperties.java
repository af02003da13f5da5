package dev.ferry.stun.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class StunFrameDecoderProperties {

  /** One frame as sent on the stream and as the decoder should emit it. */
  record Frame(byte[] wire, byte[] emitted) {}

  @Provide
  Arbitrary<Frame> frames() {
    Arbitrary<Byte> fill = Arbitraries.bytes();
    Arbitrary<Frame> stun =
        Combinators.combine(
                Arbitraries.integers().between(0, 0x03FF),
                Arbitraries.integers().between(0, 120),
                fill)
            .as(
                (type, length, f) -> {
                  byte[] bytes = Frames.stun(type, length, f);
                  return new Frame(bytes, bytes);
                });
    Arbitrary<Frame> channelData =
        Combinators.combine(
                Arbitraries.integers().between(0x4000, 0x7FFF),
                Arbitraries.integers().between(0, 120),
                fill)
            .as(
                (ch, length, f) ->
                    new Frame(
                        Frames.paddedChannelData(ch, length, f),
                        Frames.channelData(ch, length, f)));
    return Arbitraries.oneOf(stun, channelData);
  }

  @Property(tries = 300)
  void decode_framesInRandomChunks_emitsExactlyTheFramesInOrder(
      @ForAll @Size(max = 8) List<@From("frames") Frame> frames,
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 1, max = 64) Integer> chunkSizes) {
    EmbeddedChannel channel = Frames.channel(new StunFrameDecoder());
    byte[] stream = Frames.concat(frames.stream().map(Frame::wire).toArray(byte[][]::new));

    int at = 0;
    int chunk = 0;
    while (at < stream.length) {
      int size = Math.min(chunkSizes.get(chunk++ % chunkSizes.size()), stream.length - at);
      channel.writeInbound(Frames.pooled(stream, at, size));
      at += size;
    }

    List<byte[]> emitted = new ArrayList<>();
    for (ByteBuf frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
      emitted.add(ByteBufUtil.getBytes(frame));
      assertTrue(frame.release());
    }
    assertThat(emitted).containsExactlyElementsOf(frames.stream().map(Frame::emitted).toList());
    assertFalse(channel.finish());
  }

  /** Garbage may be rejected or framed, but the decoder never throws and never leaks. */
  @Property(tries = 300)
  void decode_arbitraryBytes_neverThrowsAndEndsClean(
      @ForAll @Size(max = 200) byte[] bytes, @ForAll @IntRange(min = 1, max = 32) int chunkSize) {
    UserEventRecorder recorder = new UserEventRecorder();
    EmbeddedChannel channel = Frames.channel(new StunFrameDecoder(), recorder);
    for (int at = 0; at < bytes.length && channel.isOpen(); at += chunkSize) {
      channel.writeInbound(Frames.pooled(bytes, at, Math.min(chunkSize, bytes.length - at)));
    }
    int emittedBytes = 0;
    for (ByteBuf frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
      emittedBytes += frame.readableBytes();
      assertTrue(frame.release());
    }
    channel.finish();
    assertThat(emittedBytes).isLessThanOrEqualTo(bytes.length);
    assertThat(recorder.events).hasSizeLessThanOrEqualTo(1);
    assertThat((Object) channel.readInbound()).isNull();
  }
}

package dev.ferry.turn.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PooledDatagramPacketTest {
  private static final InetSocketAddress PEER =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 49152);

  private static ByteBuf payload() {
    return Unpooled.directBuffer().writeBytes("relayed".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void of_contentAndRecipient_accessorsReturnThemAndNoSender() {
    ByteBuf content = payload();
    DatagramPacket packet = PooledDatagramPacket.of(content, PEER);
    try {
      assertThat(packet.content()).isSameAs(content);
      assertThat(packet.recipient()).isSameAs(PEER);
      assertThat(packet.sender()).isNull();
      assertThat(packet.refCnt()).isEqualTo(1);
    } finally {
      packet.release();
    }
  }

  @Test
  void release_lastReference_releasesContent() {
    ByteBuf content = payload();
    DatagramPacket packet = PooledDatagramPacket.of(content, PEER);

    assertThat(packet.release()).isTrue();
    assertThat(content.refCnt()).isZero();
  }

  @Test
  void release_afterRetain_keepsContentUntilLastRelease() {
    ByteBuf content = payload();
    DatagramPacket packet = PooledDatagramPacket.of(content, PEER);
    packet.retain();

    assertThat(packet.release()).isFalse();
    assertThat(packet.content().toString(StandardCharsets.US_ASCII)).isEqualTo("relayed");
    assertThat(packet.recipient()).isSameAs(PEER);
    assertThat(packet.release()).isTrue();
    assertThat(content.refCnt()).isZero();
  }

  @Test
  void replace_newContent_keepsRecipient() {
    DatagramPacket packet = PooledDatagramPacket.of(payload(), PEER);
    DatagramPacket copy = packet.copy();
    try {
      assertThat(copy).isNotInstanceOf(PooledDatagramPacket.class);
      assertThat(copy.recipient()).isSameAs(PEER);
      assertThat(copy.content().toString(StandardCharsets.US_ASCII)).isEqualTo("relayed");
    } finally {
      copy.release();
      packet.release();
    }
  }

  @Test
  void write_closedChannel_releasesContent() {
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.close();
    ByteBuf content = payload();

    channel.writeAndFlush(PooledDatagramPacket.of(content, PEER), channel.voidPromise());

    assertThat(content.refCnt()).isZero();
  }

  @Test
  void write_openChannel_reachesOutboundWithContentAndRecipient() {
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.writeOutbound(PooledDatagramPacket.of(payload(), PEER));

    DatagramPacket out = channel.readOutbound();
    try {
      assertThat(out.recipient()).isSameAs(PEER);
      assertThat(out.content().toString(StandardCharsets.US_ASCII)).isEqualTo("relayed");
    } finally {
      out.release();
      channel.finishAndReleaseAll();
    }
  }
}

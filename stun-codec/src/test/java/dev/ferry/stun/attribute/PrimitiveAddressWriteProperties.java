package dev.ferry.stun.attribute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.StunWriter;
import dev.ferry.stun.TestBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The allocation-free address writers (primitive overloads, and the IPv4 {@code hashCode} read) put
 * the same bytes on the wire as the {@link InetSocketAddress} writers.
 */
class PrimitiveAddressWriteProperties {

  private static byte[] write(byte[] tx, Consumer<StunWriter> body) {
    ByteBuf out = Unpooled.buffer();
    try {
      body.accept(new StunWriter().begin(out, StunMethod.ALLOCATE, MessageClass.REQUEST, tx));
      return TestBytes.bytes(out);
    } finally {
      out.release();
    }
  }

  @Property
  void inet4AddressHashCode_isAddressInNetworkOrder(@ForAll @Size(4) byte[] ip) throws Exception {
    assertThat(InetAddress.getByAddress(ip).hashCode()).isEqualTo(ByteBuffer.wrap(ip).getInt());
  }

  @Example
  void ipv4HashTrick_isEnabledOnThisJvm() {
    assertThat(AttributeCodec.IPV4_HASH_IS_ADDRESS).isTrue();
  }

  @Property
  void ipv4Overloads_writeSameBytesAsSocketAddress(
      @ForAll @Size(12) byte[] tx,
      @ForAll @Size(4) byte[] ip,
      @ForAll @IntRange(max = 0xFFFF) int port)
      throws Exception {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getByAddress(ip), port);
    int bits = ByteBuffer.wrap(ip).getInt();
    byte[] expected =
        write(
            tx,
            w -> w.xorMappedAddress(address).xorRelayedAddress(address).xorPeerAddress(address));
    byte[] actual =
        write(
            tx,
            w ->
                w.xorMappedAddress(bits, port)
                    .xorRelayedAddress(bits, port)
                    .xorPeerAddress(bits, port));
    assertThat(actual).isEqualTo(expected);
  }

  @Property
  void ipv6Overloads_writeSameBytesAsSocketAddress(
      @ForAll @Size(12) byte[] tx,
      @ForAll @Size(16) byte[] ip,
      @ForAll @IntRange(max = 0xFFFF) int port)
      throws Exception {
    InetSocketAddress address =
        new InetSocketAddress(Inet6Address.getByAddress(null, ip, -1), port);
    ByteBuffer bits = ByteBuffer.wrap(ip);
    long high = bits.getLong();
    long low = bits.getLong();
    byte[] expected =
        write(
            tx,
            w -> w.xorMappedAddress(address).xorRelayedAddress(address).xorPeerAddress(address));
    byte[] actual =
        write(
            tx,
            w ->
                w.xorMappedAddress(high, low, port)
                    .xorRelayedAddress(high, low, port)
                    .xorPeerAddress(high, low, port));
    assertThat(actual).isEqualTo(expected);
  }

  @Example
  void primitiveOverloads_portOutOfRange_throw() {
    ByteBuf out = Unpooled.buffer();
    try {
      StunWriter w =
          new StunWriter().begin(out, StunMethod.ALLOCATE, MessageClass.REQUEST, new byte[12]);
      assertThatThrownBy(() -> w.xorMappedAddress(0x7F000001, 65536))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> w.xorPeerAddress(0L, 1L, -1))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(w.bodyLength()).isZero();
    } finally {
      out.release();
    }
  }
}

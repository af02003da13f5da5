package dev.ferry.turn.nativeudp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;

/** Loopback helpers: payload patterns, JDK peers and queueing to a socket address. */
final class Loopback {
  private Loopback() {}

  static byte[] pattern(int length, int seed) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 31 + seed);
    }
    return bytes;
  }

  static ByteBuf direct(byte[] bytes) {
    return PooledByteBufAllocator.DEFAULT.directBuffer(Math.max(bytes.length, 1)).writeBytes(bytes);
  }

  /** A JDK DatagramChannel bound to {@code host}, receiving with a five-second deadline. */
  static DatagramChannel jdkPeer(String host) throws IOException {
    DatagramChannel channel =
        DatagramChannel.open(
            host.contains(":") ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
    channel.bind(new InetSocketAddress(host, 0));
    channel.socket().setSoTimeout(5_000);
    return channel;
  }

  static DatagramPacket receive(DatagramChannel channel) throws IOException {
    DatagramPacket packet = new DatagramPacket(new byte[65_536], 65_536);
    channel.socket().receive(packet);
    return packet;
  }

  static byte[] bytesOf(DatagramPacket packet) {
    return Arrays.copyOfRange(
        packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength());
  }

  static void send(DatagramChannel channel, byte[] bytes, InetSocketAddress to) throws IOException {
    channel.send(ByteBuffer.wrap(bytes), to);
  }

  /** Queues {@code payload} for {@code to} on {@code batch}, choosing the family by address. */
  static boolean queue(SendBatch batch, ByteBuf payload, InetSocketAddress to, int segmentSize) {
    byte[] a = to.getAddress().getAddress();
    if (a.length == 4) {
      return batch.addIpv4(payload, ByteBuffer.wrap(a).getInt(), to.getPort(), segmentSize);
    }
    ByteBuffer b = ByteBuffer.wrap(a);
    return batch.addIpv6(payload, b.getLong(), b.getLong(), to.getPort(), segmentSize);
  }

  static InetSocketAddress address(String host, int port) throws IOException {
    return new InetSocketAddress(InetAddress.getByName(host), port);
  }
}

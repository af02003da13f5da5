package dev.ferry.turn.relay;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Feeds the datagrams of a Netty relay channel to its {@link PeerDatagrams}; IPv4 senders go as
 * primitives without allocation, IPv6 ones copy their 16 bytes. The channel reads one byte more
 * than the largest datagram relayed, so a datagram that fills the read was cut by the kernel and is
 * dropped (Netty reports no MSG_TRUNC).
 */
public final class PeerDatagramHandler extends ChannelInboundHandlerAdapter {
  private final PeerDatagrams peers;
  private final int maxDatagramSize;

  /**
   * A handler relaying through {@code peers} datagrams of at most {@code maxDatagramSize} bytes, on
   * a channel that reads {@code maxDatagramSize + 1}.
   */
  public PeerDatagramHandler(PeerDatagrams peers, int maxDatagramSize) {
    this.peers = peers;
    this.maxDatagramSize = maxDatagramSize;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof DatagramPacket)) {
      ctx.fireChannelRead(msg);
      return;
    }
    DatagramPacket packet = (DatagramPacket) msg;
    try {
      if (packet.content().readableBytes() > maxDatagramSize) {
        // Relaying the cut datagram would hand the client bytes the peer never sent.
        peers.truncated();
        return;
      }
      InetAddress ip = packet.sender().getAddress();
      int port = packet.sender().getPort();
      if (ip instanceof Inet4Address) {
        peers.fromIpv4(ip.hashCode(), port, packet.content(), ctx.alloc());
      } else {
        byte[] b = ip.getAddress();
        peers.fromIpv6(
            bigEndianLong(b, 0), bigEndianLong(b, 8), port, packet.content(), ctx.alloc());
      }
    } finally {
      packet.release();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    peers.readComplete();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A relay socket error (ICMP unreachable surfaced as PortUnreachableException) must not close
    // the allocation; the peer may come back.
  }

  private static long bigEndianLong(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xFF);
    }
    return v;
  }
}

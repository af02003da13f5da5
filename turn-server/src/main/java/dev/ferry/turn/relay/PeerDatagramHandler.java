package dev.ferry.turn.relay;

import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.StunWriter;
import dev.ferry.stun.channel.ChannelDataWriter;
import dev.ferry.turn.allocation.Allocation;
import dev.ferry.turn.allocation.ChannelBinding;
import dev.ferry.turn.allocation.NanoClock;
import dev.ferry.turn.metrics.TurnMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Peer to client (RFC 8656 §11.3, §12.5): a datagram on the relay socket is relayed only if the
 * allocation has a permission for the sender's IP (§9, else silently dropped); it goes as
 * ChannelData when a channel is bound to the sender's IP and port, else as a Data indication with
 * XOR-PEER-ADDRESS and DATA. Lookups take primitives; IPv4 peers cost no allocation beyond the
 * outgoing buffer and its datagram. Writes are flushed once per read batch.
 */
public final class PeerDatagramHandler extends ChannelInboundHandlerAdapter {
  /** Drop label for datagrams from peers without a permission. */
  public static final String NO_PERMISSION = "no_permission";

  private RelaySocket socket;
  private final NanoClock clock;
  private final TurnMetrics metrics;
  private final StunWriter writer = new StunWriter();

  /** A handler for one relay socket; {@link #attach} it once the socket exists. */
  public PeerDatagramHandler(NanoClock clock, TurnMetrics metrics) {
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Connects the handler to its socket (the socket needs the channel, which needs the handler). */
  public void attach(RelaySocket relaySocket) {
    this.socket = relaySocket;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof DatagramPacket)) {
      ctx.fireChannelRead(msg);
      return;
    }
    DatagramPacket packet = (DatagramPacket) msg;
    try {
      relay(ctx, packet);
    } finally {
      packet.release();
    }
  }

  private void relay(ChannelHandlerContext ctx, DatagramPacket packet) {
    if (socket == null) {
      return;
    }
    Allocation<RelaySocket> allocation = socket.allocation();
    long now = clock.nanoTime();
    if (allocation == null || !allocation.isLive(now)) {
      return;
    }
    InetSocketAddress sender = packet.sender();
    InetAddress ip = sender.getAddress();
    int port = sender.getPort();
    boolean permitted;
    ChannelBinding binding;
    if (ip instanceof Inet4Address) {
      int v4 = ip.hashCode();
      permitted = allocation.permissions().isPermittedIpv4(v4, now);
      binding = permitted ? allocation.channels().byPeerIpv4(v4, port, now) : null;
    } else {
      byte[] b = ip.getAddress();
      long hi = bigEndianLong(b, 0);
      long lo = bigEndianLong(b, 8);
      if (hi == 0 && (lo >>> 32) == 0xFFFFL) {
        // An IPv4 peer seen through a dual-stack socket.
        int v4 = (int) lo;
        permitted = allocation.permissions().isPermittedIpv4(v4, now);
        binding = permitted ? allocation.channels().byPeerIpv4(v4, port, now) : null;
      } else {
        permitted = allocation.permissions().isPermittedIpv6(hi, lo, now);
        binding = permitted ? allocation.channels().byPeerIpv6(hi, lo, port, now) : null;
      }
    }
    if (!permitted) {
      metrics.peerDenied(NO_PERMISSION);
      return;
    }
    ByteBuf payload = packet.content();
    int length = payload.readableBytes();
    ClientLink link = socket.link();
    ByteBuf out;
    if (binding != null) {
      // §12.5: once a channel is bound, peer data MUST go as ChannelData.
      out = ChannelDataWriter.copy(ctx.alloc(), binding.number(), payload, link.framing());
    } else {
      out = dataIndication(ctx, sender, payload);
    }
    socket.sendToClient(out);
    allocation.recordToClient(length);
    metrics.relayed(TurnMetrics.Direction.TO_CLIENT, length);
  }

  /** §11.3: a Data indication carrying XOR-PEER-ADDRESS and DATA. */
  private ByteBuf dataIndication(ChannelHandlerContext ctx, InetSocketAddress peer, ByteBuf data) {
    ByteBuf out = ctx.alloc().ioBuffer(64 + data.readableBytes());
    try {
      writer
          .begin(out, StunMethod.DATA, MessageClass.INDICATION, ThreadLocalRandom.current())
          .xorPeerAddress(peer)
          .data(data)
          .fingerprint();
      return out;
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (socket != null) {
      socket.link().batch().flushAfterIo(ctx.channel().eventLoop());
    }
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

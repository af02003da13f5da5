package dev.ferry.turn.transport;

import dev.ferry.turn.allocation.Transport;
import dev.ferry.turn.dispatch.MessageDispatcher;
import dev.ferry.turn.metrics.TransportMetrics;
import dev.ferry.turn.relay.TurnLoops;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;

/**
 * Dispatches each datagram of a UDP socket and queues the reply on the same socket; flushes once
 * per read batch (RFC 8489 §6.3.1.2: the response leaves from where the request arrived). The
 * socket reads one byte more than the largest datagram accepted, so a datagram that fills the read
 * was cut by the kernel and is dropped (Netty reports no MSG_TRUNC).
 */
public final class StunDatagramHandler extends ChannelInboundHandlerAdapter {
  private final ClientDispatch dispatch;
  private final int maxDatagramSize;

  /** A handler for one UDP socket that answers STUN only, with no size limit of its own. */
  public StunDatagramHandler(MessageDispatcher dispatcher, TransportMetrics metrics) {
    this(dispatcher, metrics, null, Integer.MAX_VALUE);
  }

  /**
   * A handler for one UDP socket with TURN: {@code turn} provides the state of the socket's event
   * loop (looked up once, on the first datagram); datagrams longer than {@code maxDatagramSize} are
   * dropped as truncated.
   */
  public StunDatagramHandler(
      MessageDispatcher dispatcher, TransportMetrics metrics, TurnLoops turn, int maxDatagramSize) {
    this.dispatch = new ClientDispatch(dispatcher, metrics, turn, Transport.UDP);
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
        // Relaying or parsing the cut datagram would pass on bytes the client never sent.
        dispatch.truncated();
        return;
      }
      ByteBuf reply = dispatch.dispatch(ctx, packet.content(), packet.sender());
      if (reply != null) {
        ctx.write(new DatagramPacket(reply, packet.sender()), ctx.voidPromise());
      }
    } finally {
      packet.release();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    dispatch.readComplete(ctx);
    ctx.fireChannelReadComplete();
  }
}

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
 * per read batch (RFC 8489 §6.3.1.2: the response leaves from where the request arrived).
 */
public final class StunDatagramHandler extends ChannelInboundHandlerAdapter {
  private final ClientDispatch dispatch;

  /** A handler for one UDP socket that answers STUN only. */
  public StunDatagramHandler(MessageDispatcher dispatcher, TransportMetrics metrics) {
    this(dispatcher, metrics, null);
  }

  /**
   * A handler for one UDP socket with TURN: {@code turn} provides the state of the socket's event
   * loop (looked up once, on the first datagram).
   */
  public StunDatagramHandler(
      MessageDispatcher dispatcher, TransportMetrics metrics, TurnLoops turn) {
    this.dispatch = new ClientDispatch(dispatcher, metrics, turn, Transport.UDP);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof DatagramPacket)) {
      ctx.fireChannelRead(msg);
      return;
    }
    DatagramPacket packet = (DatagramPacket) msg;
    try {
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

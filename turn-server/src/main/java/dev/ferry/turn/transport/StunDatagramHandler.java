package dev.ferry.turn.transport;

import dev.ferry.turn.dispatch.MessageDispatcher;
import dev.ferry.turn.dispatch.Outcome;
import dev.ferry.turn.metrics.TransportMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;

/**
 * Dispatches each datagram of a UDP socket and queues the reply on the same socket; flushes once
 * per read batch (RFC 8489 §6.3.1.2: the response leaves from where the request arrived).
 */
public final class StunDatagramHandler extends ChannelInboundHandlerAdapter {
  private final MessageDispatcher dispatcher;
  private final TransportMetrics metrics;
  private boolean flushPending;

  /** A handler for one UDP socket. */
  public StunDatagramHandler(MessageDispatcher dispatcher, TransportMetrics metrics) {
    this.dispatcher = dispatcher;
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof DatagramPacket)) {
      ctx.fireChannelRead(msg);
      return;
    }
    DatagramPacket packet = (DatagramPacket) msg;
    try {
      Outcome outcome = dispatcher.dispatch(packet.content(), packet.sender(), ctx.alloc());
      if (outcome instanceof Outcome.Reply) {
        Outcome.Reply reply = (Outcome.Reply) outcome;
        metrics.request(reply.method());
        metrics.response(reply.success());
        ctx.write(new DatagramPacket(reply.message(), packet.sender()), ctx.voidPromise());
        flushPending = true;
      } else {
        OutcomeCounting.count(outcome, metrics);
      }
    } finally {
      packet.release();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (flushPending) {
      flushPending = false;
      ctx.flush();
    }
    ctx.fireChannelReadComplete();
  }
}

package dev.ferry.turn.transport;

import dev.ferry.turn.allocation.Transport;
import dev.ferry.turn.dispatch.MessageDispatcher;
import dev.ferry.turn.dispatch.Outcome;
import dev.ferry.turn.metrics.TransportMetrics;
import dev.ferry.turn.relay.ClientLink;
import dev.ferry.turn.relay.TurnLoops;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * Dispatches each datagram of a UDP socket and queues the reply on the same socket; flushes once
 * per read batch (RFC 8489 §6.3.1.2: the response leaves from where the request arrived).
 */
public final class StunDatagramHandler extends ChannelInboundHandlerAdapter {
  private final MessageDispatcher dispatcher;
  private final TransportMetrics metrics;
  private final TurnLoops turn;
  private ClientLink link;
  private boolean flushPending;

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
    this.dispatcher = dispatcher;
    this.metrics = metrics;
    this.turn = turn;
  }

  /** The socket's address; an embedded test channel has none, so the test's server stands in. */
  private static InetSocketAddress localAddress(ChannelHandlerContext ctx) {
    return ctx.channel().localAddress() instanceof InetSocketAddress local
        ? local
        : new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 3478);
  }

  private ClientLink link(ChannelHandlerContext ctx) {
    if (link == null && turn != null) {
      link =
          new ClientLink(
              ctx.channel(),
              Transport.UDP,
              localAddress(ctx),
              turn.forLoop(ctx.channel().eventLoop()));
    }
    return link;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof DatagramPacket)) {
      ctx.fireChannelRead(msg);
      return;
    }
    DatagramPacket packet = (DatagramPacket) msg;
    try {
      ClientLink l = link(ctx);
      Outcome outcome =
          l == null
              ? dispatcher.dispatch(packet.content(), packet.sender(), ctx.alloc())
              : dispatcher.dispatch(packet.content(), packet.sender(), l);
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
    if (link != null) {
      // Relay sockets written during this batch (client to peer).
      link.batch().flushAll();
    }
    ctx.fireChannelReadComplete();
  }
}

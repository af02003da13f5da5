package dev.ferry.turn.transport;

import dev.ferry.turn.allocation.Transport;
import dev.ferry.turn.dispatch.MessageDispatcher;
import dev.ferry.turn.dispatch.Outcome;
import dev.ferry.turn.metrics.TransportMetrics;
import dev.ferry.turn.relay.ClientLink;
import dev.ferry.turn.relay.TurnLoops;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The per-channel half that the datagram and stream handlers share: dispatching one message,
 * counting what came of it, and flushing once per read batch (the client socket and the relay
 * sockets written during the batch).
 */
final class ClientDispatch {
  private final MessageDispatcher dispatcher;
  private final TransportMetrics metrics;
  private final TurnLoops turn;
  private final Transport transport;
  private ClientLink link;
  private boolean flushPending;

  ClientDispatch(
      MessageDispatcher dispatcher, TransportMetrics metrics, TurnLoops turn, Transport transport) {
    this.dispatcher = dispatcher;
    this.metrics = metrics;
    this.turn = turn;
    this.transport = transport;
  }

  /**
   * Dispatches {@code message} from {@code sender}; returns the reply to write (already counted),
   * or null when nothing is to be written now.
   */
  ByteBuf dispatch(ChannelHandlerContext ctx, ByteBuf message, InetSocketAddress sender) {
    ClientLink l = link(ctx);
    Outcome outcome =
        l == null
            ? dispatcher.dispatch(message, sender, ctx.alloc())
            : dispatcher.dispatch(message, sender, l);
    if (outcome instanceof Outcome.Reply) {
      Outcome.Reply reply = (Outcome.Reply) outcome;
      metrics.request(reply.method());
      metrics.response(reply.success());
      flushPending = true;
      return reply.message();
    }
    OutcomeCounting.count(outcome, metrics);
    return null;
  }

  /** Ends a read batch: one flush for the replies, one per relay socket written. */
  void readComplete(ChannelHandlerContext ctx) {
    if (flushPending) {
      flushPending = false;
      ctx.flush();
    }
    if (link != null) {
      link.batch().flushAfterIo(ctx.channel().eventLoop());
    }
  }

  /** The TURN link of this channel, if TURN is on and a message has arrived. */
  ClientLink linkIfCreated() {
    return link;
  }

  private ClientLink link(ChannelHandlerContext ctx) {
    if (link == null && turn != null) {
      link =
          new ClientLink(
              ctx.channel(), transport, localAddress(ctx), turn.forLoop(ctx.channel().eventLoop()));
    }
    return link;
  }

  /** The socket's address; an embedded test channel has none, so the test's server stands in. */
  private static InetSocketAddress localAddress(ChannelHandlerContext ctx) {
    return ctx.channel().localAddress() instanceof InetSocketAddress local
        ? local
        : new InetSocketAddress(InetAddress.getLoopbackAddress(), 3478);
  }
}

package dev.ferry.turn.transport;

import dev.ferry.turn.allocation.Allocation;
import dev.ferry.turn.allocation.Transport;
import dev.ferry.turn.dispatch.DropReason;
import dev.ferry.turn.dispatch.MessageDispatcher;
import dev.ferry.turn.dispatch.Outcome;
import dev.ferry.turn.metrics.TransportMetrics;
import dev.ferry.turn.relay.ChannelEndpoint;
import dev.ferry.turn.relay.ClientLink;
import dev.ferry.turn.relay.RelaySocket;
import dev.ferry.turn.relay.TurnLoops;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The per-socket half that the Netty datagram and stream handlers and the native datagram handler
 * share: dispatching one message, counting what came of it, and remembering whether a reply waits
 * for the end of the read batch.
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

  /** A dispatcher whose link is known from the start (native sockets); {@code link} may be null. */
  ClientDispatch(MessageDispatcher dispatcher, TransportMetrics metrics, ClientLink link) {
    this(dispatcher, metrics, null, Transport.UDP);
    this.link = link;
  }

  /** Dispatches on a Netty channel, creating its link on the first message. */
  ByteBuf dispatch(ChannelHandlerContext ctx, ByteBuf message, InetSocketAddress sender) {
    return dispatch(message, sender, link(ctx), ctx.alloc());
  }

  /**
   * Dispatches {@code message} from {@code sender}; returns the reply to write (already counted),
   * or null when nothing is to be written now.
   */
  ByteBuf dispatch(ByteBuf message, InetSocketAddress sender, ByteBufAllocator alloc) {
    return dispatch(message, sender, link, alloc);
  }

  private ByteBuf dispatch(
      ByteBuf message, InetSocketAddress sender, ClientLink l, ByteBufAllocator alloc) {
    Outcome outcome =
        l == null
            ? dispatcher.dispatch(message, sender, alloc)
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

  /**
   * Relays a ChannelData message whose sender's allocation the caller looked up from primitives
   * (null: none) at {@code now}; counts the outcome. Creates no object.
   */
  void channelData(ByteBuf message, Allocation<RelaySocket> allocation, long now) {
    OutcomeCounting.count(dispatcher.channelData(message, allocation, link, now), metrics);
  }

  /** A datagram arrived cut to the read size; nothing of it is dispatched. */
  void truncated() {
    metrics.dropped(DropReason.TRUNCATED);
  }

  /** Ends a read batch on a Netty channel: one flush for the replies, relay sockets after I/O. */
  void readComplete(ChannelHandlerContext ctx) {
    if (takeFlushPending()) {
      ctx.flush();
    }
    if (link != null) {
      link.batch().flushAfterIo(ctx.channel().eventLoop());
    }
  }

  /** Whether a reply was queued since the last call. */
  boolean takeFlushPending() {
    boolean pending = flushPending;
    flushPending = false;
    return pending;
  }

  /** The TURN link of this socket, if TURN is on (on a Netty channel: once a message arrived). */
  ClientLink linkIfCreated() {
    return link;
  }

  private ClientLink link(ChannelHandlerContext ctx) {
    if (link == null && turn != null) {
      InetSocketAddress local = localAddress(ctx);
      var loop = turn.forLoop(ctx.channel().eventLoop());
      link =
          transport == Transport.UDP
              ? ClientLink.datagram(new ChannelEndpoint(ctx.channel(), turn.metrics()), local, loop)
              : ClientLink.stream(ctx.channel(), transport, local, loop);
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

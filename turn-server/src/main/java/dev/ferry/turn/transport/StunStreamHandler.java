package dev.ferry.turn.transport;

import dev.ferry.stun.stream.FramingError;
import dev.ferry.turn.dispatch.DropReason;
import dev.ferry.turn.dispatch.MessageDispatcher;
import dev.ferry.turn.dispatch.Outcome;
import dev.ferry.turn.metrics.TransportMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;

/**
 * Dispatches each framed message of a TCP connection and writes replies back on it; the mapped
 * address is the connection's remote address (RFC 8489 §6.3.1.1). A stream that cannot be framed is
 * counted and closed: after a framing error the byte stream has no message boundary to resume at.
 */
public final class StunStreamHandler extends ChannelInboundHandlerAdapter {
  private final MessageDispatcher dispatcher;
  private final TransportMetrics metrics;
  private boolean flushPending;

  /** A handler for one TCP connection. */
  public StunStreamHandler(MessageDispatcher dispatcher, TransportMetrics metrics) {
    this.dispatcher = dispatcher;
    this.metrics = metrics;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    metrics.connectionOpened();
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    metrics.connectionClosed();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf)) {
      ctx.fireChannelRead(msg);
      return;
    }
    ByteBuf frame = (ByteBuf) msg;
    try {
      InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
      Outcome outcome = dispatcher.dispatch(frame, remote, ctx.alloc());
      if (outcome instanceof Outcome.Reply) {
        Outcome.Reply reply = (Outcome.Reply) outcome;
        metrics.request(reply.method());
        metrics.response(reply.success());
        ctx.write(reply.message(), ctx.voidPromise());
        flushPending = true;
      } else {
        OutcomeCounting.count(outcome, metrics);
      }
    } finally {
      frame.release();
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

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // A client that does not read its responses stops being read from.
    ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof FramingError) {
      // The framer has already discarded the rest of the stream and closed the connection.
      metrics.dropped(DropReason.BAD_FRAME);
      return;
    }
    ctx.fireUserEventTriggered(event);
  }
}

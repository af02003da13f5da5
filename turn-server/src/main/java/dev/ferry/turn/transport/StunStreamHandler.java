package dev.ferry.turn.transport;

import dev.ferry.stun.stream.FramingError;
import dev.ferry.turn.allocation.Transport;
import dev.ferry.turn.dispatch.DropReason;
import dev.ferry.turn.dispatch.MessageDispatcher;
import dev.ferry.turn.metrics.TransportMetrics;
import dev.ferry.turn.relay.ClientLink;
import dev.ferry.turn.relay.TurnLoops;
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
  private final TransportMetrics metrics;
  private final ClientDispatch dispatch;

  /** A handler for one TCP connection that answers STUN only. */
  public StunStreamHandler(MessageDispatcher dispatcher, TransportMetrics metrics) {
    this(dispatcher, metrics, null);
  }

  /**
   * A handler for one TCP connection with TURN: the connection's 5-tuple may hold an allocation
   * (relayed over UDP, RFC 8656 §3.1), released when the connection closes.
   */
  public StunStreamHandler(MessageDispatcher dispatcher, TransportMetrics metrics, TurnLoops turn) {
    this.metrics = metrics;
    this.dispatch = new ClientDispatch(dispatcher, metrics, turn, Transport.TCP);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    metrics.connectionOpened();
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    metrics.connectionClosed();
    ClientLink link = dispatch.linkIfCreated();
    if (link != null) {
      link.loop().linkClosed(link);
    }
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
      ByteBuf reply = dispatch.dispatch(ctx, frame, remote);
      if (reply != null) {
        ctx.write(reply, ctx.voidPromise());
      }
    } finally {
      frame.release();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    dispatch.readComplete(ctx);
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

package dev.ferry.turn.transport;

import dev.ferry.turn.nativeudp.UnexpectedExceptionLog;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every pipeline. Expected I/O errors (a peer resetting its connection) are
 * logged at debug; any other cause is logged with its stack trace once per exception class, then at
 * debug, so a flood cannot fill the log. Listening sockets (UDP and TCP server channels) are never
 * closed here; a TCP connection with an unexpected error is closed.
 */
@Sharable
public final class TailExceptionHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(TailExceptionHandler.class);

  private final UnexpectedExceptionLog unexpected = new UnexpectedExceptionLog(LOG);

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    boolean listener =
        ctx.channel() instanceof DatagramChannel || ctx.channel() instanceof ServerChannel;
    if (cause instanceof IOException) {
      LOG.debug("I/O error on {}: {}", ctx.channel(), cause.toString());
    } else {
      unexpected.log(ctx.channel(), cause);
    }
    if (!listener) {
      ctx.close();
    }
  }
}

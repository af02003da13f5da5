package dev.ferry.turn.transport;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

  private final Set<Class<?>> alreadyLogged = ConcurrentHashMap.newKeySet();

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    boolean listener =
        ctx.channel() instanceof DatagramChannel || ctx.channel() instanceof ServerChannel;
    if (cause instanceof IOException) {
      LOG.debug("I/O error on {}: {}", ctx.channel(), cause.toString());
    } else if (alreadyLogged.add(cause.getClass())) {
      LOG.warn(
          "Unexpected exception on {} (further ones of this type are logged at debug)",
          ctx.channel(),
          cause);
    } else {
      LOG.debug("Unexpected exception on {}", ctx.channel(), cause);
    }
    if (!listener) {
      ctx.close();
    }
  }
}

package dev.ferry.turn.transport;

import dev.ferry.stun.stream.StunFrameDecoder;
import dev.ferry.turn.dispatch.MessageDispatcher;
import dev.ferry.turn.metrics.TransportMetrics;
import dev.ferry.turn.relay.TurnLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;

/**
 * Binds the TCP listening socket of one address; each connection frames STUN per RFC 8489 §6.2.2.
 */
public final class TcpListener {
  private final Transport transport;
  private final MessageDispatcher dispatcher;
  private final TransportMetrics metrics;
  private final TailExceptionHandler tail;
  private final TurnLoops turn;

  /** A listener factory sharing one dispatcher and one set of meters. */
  public TcpListener(
      Transport transport,
      MessageDispatcher dispatcher,
      TransportMetrics metrics,
      TailExceptionHandler tail) {
    this(transport, dispatcher, metrics, tail, null);
  }

  /** As above, with TURN state per event loop ({@code turn} null: STUN only). */
  public TcpListener(
      Transport transport,
      MessageDispatcher dispatcher,
      TransportMetrics metrics,
      TailExceptionHandler tail,
      TurnLoops turn) {
    this.turn = turn;
    this.transport = transport;
    this.dispatcher = dispatcher;
    this.metrics = metrics;
    this.tail = tail;
  }

  /**
   * Binds the listening socket; accepted connections run on the same event loop group.
   *
   * @throws InterruptedException if interrupted while binding
   */
  public Channel bind(EventLoopGroup group, InetSocketAddress address) throws InterruptedException {
    return new ServerBootstrap()
        .group(group, group)
        .channel(transport.serverSocketChannel())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .option(ChannelOption.SO_REUSEADDR, true)
        .option(ChannelOption.ALLOCATOR, Transport.allocator())
        .childOption(ChannelOption.ALLOCATOR, Transport.allocator())
        .handler(tail)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                initConnection(ch, dispatcher, metrics, tail, turn);
              }
            })
        .bind(address)
        .sync()
        .channel();
  }

  /** Builds a connection's pipeline: framer, STUN handler, tail. Public for handler tests. */
  public static void initConnection(
      Channel ch,
      MessageDispatcher dispatcher,
      TransportMetrics metrics,
      TailExceptionHandler tail) {
    initConnection(ch, dispatcher, metrics, tail, null);
  }

  /** Builds a connection's pipeline with TURN state per event loop ({@code turn} null: STUN). */
  public static void initConnection(
      Channel ch,
      MessageDispatcher dispatcher,
      TransportMetrics metrics,
      TailExceptionHandler tail,
      TurnLoops turn) {
    ch.pipeline()
        .addLast(PipelineNames.STREAM_FRAMER, new StunFrameDecoder())
        .addLast(PipelineNames.STREAM_HANDLER, new StunStreamHandler(dispatcher, metrics, turn))
        .addLast(PipelineNames.TAIL_EXCEPTIONS, tail);
  }
}

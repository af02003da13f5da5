package dev.ferry.turn.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.channel.socket.DatagramChannel;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Opens relay sockets of the server's transport (NIO, epoll or io_uring). Registration and bind run
 * inline because the caller is on the target loop, so the Allocate that needs the socket is
 * answered in the same call. Netty exposes no portable way to set DF on a datagram socket, so this
 * factory reports DONT-FRAGMENT as unsupported (the client then gets 420, RFC 8656 §7.2 step 4).
 */
public final class NettyRelayChannelFactory implements RelayChannelFactory {
  private final ReflectiveChannelFactory<? extends DatagramChannel> channels;
  private final int maxDatagramSize;

  /**
   * @param type the transport's datagram channel class
   * @param maxDatagramSize largest peer datagram read in full
   */
  public NettyRelayChannelFactory(Class<? extends DatagramChannel> type, int maxDatagramSize) {
    this.channels = new ReflectiveChannelFactory<>(type);
    this.maxDatagramSize = maxDatagramSize;
  }

  @Override
  public Optional<Channel> open(EventLoop loop, InetSocketAddress local, ChannelHandler handler) {
    DatagramChannel channel = channels.newChannel();
    channel.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(maxDatagramSize));
    channel.pipeline().addLast(handler);
    ChannelFuture registered = loop.register(channel);
    if (!registered.isDone() || !registered.isSuccess()) {
      channel.unsafe().closeForcibly();
      return Optional.empty();
    }
    ChannelFuture bound = channel.bind(local);
    if (!bound.isDone() || !bound.isSuccess()) {
      channel.close();
      return Optional.empty();
    }
    return Optional.of(channel);
  }

  @Override
  public boolean supportsDontFragment() {
    return false;
  }
}

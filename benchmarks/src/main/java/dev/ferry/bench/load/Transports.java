package dev.ferry.bench.load;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;

/**
 * Picks native epoll when it loads, else NIO, so the generator runs anywhere but costs less on
 * Linux.
 */
final class Transports {
  private final boolean epoll;

  private Transports(boolean epoll) {
    this.epoll = epoll;
  }

  /** {@code name} is auto, epoll or nio; asking for epoll where it is unavailable is an error. */
  static Transports choose(String name) {
    return switch (name) {
      case "nio" -> new Transports(false);
      case "epoll" -> {
        Epoll.ensureAvailability();
        yield new Transports(true);
      }
      default -> new Transports(Epoll.isAvailable());
    };
  }

  boolean isEpoll() {
    return epoll;
  }

  String name() {
    return epoll ? "epoll" : "nio";
  }

  EventLoopGroup group(int threads) {
    IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, factory);
  }

  Class<? extends DatagramChannel> datagramChannel() {
    return epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
  }
}

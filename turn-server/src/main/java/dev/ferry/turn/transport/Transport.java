package dev.ferry.turn.transport;

import dev.ferry.turn.nativeudp.PauseTally;
import dev.ferry.turn.nativeudp.WakeupCoalescing;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

/** The Netty classes and options that belong to one {@link TransportKind}. */
public final class Transport {
  private final TransportKind kind;

  private Transport(TransportKind kind) {
    this.kind = kind;
  }

  /** The transport for a kind that has been checked to be available. */
  public static Transport of(TransportKind kind) {
    return new Transport(kind);
  }

  /** Which transport this is. */
  public TransportKind kind() {
    return kind;
  }

  /** A new event loop group running this transport's I/O handler. */
  public MultiThreadIoEventLoopGroup newEventLoopGroup(int threads, ThreadFactory threadFactory) {
    return newEventLoopGroup(threads, threadFactory, 0, new PauseTally());
  }

  /**
   * A new event loop group whose epoll loops pause {@code coalesceMicros} µs after a busy round
   * ({@link WakeupCoalescing}; 0: never), counting the pauses in {@code pauses}.
   */
  public MultiThreadIoEventLoopGroup newEventLoopGroup(
      int threads, ThreadFactory threadFactory, int coalesceMicros, PauseTally pauses) {
    return new MultiThreadIoEventLoopGroup(
        threads, threadFactory, ioHandlerFactory(coalesceMicros, pauses));
  }

  private IoHandlerFactory ioHandlerFactory(int coalesceMicros, PauseTally pauses) {
    switch (kind) {
      case IO_URING:
        return IoUringIoHandler.newFactory();
      case EPOLL:
        return coalesceMicros > 0
            ? EpollIoHandler.newFactory(0, WakeupCoalescing.factory(coalesceMicros, pauses))
            : EpollIoHandler.newFactory();
      case NIO:
      default:
        return NioIoHandler.newFactory();
    }
  }

  /** The UDP channel class. */
  public Class<? extends DatagramChannel> datagramChannel() {
    switch (kind) {
      case IO_URING:
        return IoUringDatagramChannel.class;
      case EPOLL:
        return EpollDatagramChannel.class;
      case NIO:
      default:
        return NioDatagramChannel.class;
    }
  }

  /** The TCP listening channel class. */
  public Class<? extends ServerChannel> serverSocketChannel() {
    switch (kind) {
      case IO_URING:
        return IoUringServerSocketChannel.class;
      case EPOLL:
        return EpollServerSocketChannel.class;
      case NIO:
      default:
        return NioServerSocketChannel.class;
    }
  }

  /**
   * The buffer allocator of every server channel (listeners, connections and relay sockets):
   * Netty's pooled allocator rather than the 4.2 default (adaptive). Measured on the epoll relay
   * path (TurnLoad flood, JFR thread allocation statistics): the adaptive allocator allocated 248 B
   * of heap per relayed packet, the pooled one 139 B, because the adaptive allocator gives a
   * recvmmsg read of 16 x 2048 B a fresh unpooled direct buffer and Cleaner each time (above its
   * pooled size), makes a new slice object per datagram and a new NIO buffer per copy, where the
   * pooled one recycles all three.
   */
  public static ByteBufAllocator allocator() {
    return PooledByteBufAllocator.DEFAULT;
  }

  /** True when several UDP sockets can share one port (one per event loop). */
  public boolean supportsReusePort() {
    return kind != TransportKind.NIO;
  }

  /** SO_REUSEPORT for the native transports. */
  public ChannelOption<Boolean> reusePortOption() {
    return UnixChannelOption.SO_REUSEPORT;
  }

  /** The option that turns on batched reads (recvmmsg), where the transport has one. */
  public Optional<ChannelOption<Integer>> maxDatagramPayloadOption() {
    switch (kind) {
      case IO_URING:
        return Optional.of(IoUringChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE);
      case EPOLL:
        return Optional.of(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE);
      case NIO:
      default:
        return Optional.empty();
    }
  }

  /**
   * The batched-read option for relay sockets: epoll only, because it allocates the receive buffer
   * when a socket becomes readable, while io_uring keeps one posted on every idle socket (measured
   * 320 KiB per idle allocation).
   */
  public Optional<ChannelOption<Integer>> relayBatchOption() {
    return kind == TransportKind.EPOLL
        ? Optional.of(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE)
        : Optional.empty();
  }
}

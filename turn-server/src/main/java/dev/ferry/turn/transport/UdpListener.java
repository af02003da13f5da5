package dev.ferry.turn.transport;

import dev.ferry.turn.dispatch.MessageDispatcher;
import dev.ferry.turn.metrics.TransportMetrics;
import dev.ferry.turn.relay.DatagramChannels;
import dev.ferry.turn.relay.TurnLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramChannel;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the UDP sockets of one listening address: on epoll/io_uring one socket per event loop on
 * the same port with SO_REUSEPORT, so the kernel spreads clients over the loops and keeps each
 * client on one loop; on NIO a single socket.
 */
public final class UdpListener {
  /**
   * SO_RCVBUF and SO_SNDBUF asked for on every listening socket. Every client of a loop shares its
   * listening socket, so a burst from many clients (or a loop briefly off-CPU) overflows the
   * kernel's default ~208 KiB: about 90 full-size datagrams. The kernel caps the request at
   * net.core.rmem_max / wmem_max, and charges the memory only while datagrams are queued.
   */
  public static final int SOCKET_BUFFER_BYTES = 4 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(UdpListener.class);

  private final Transport transport;
  private final MessageDispatcher dispatcher;
  private final TransportMetrics metrics;
  private final TailExceptionHandler tail;
  private final int maxDatagramSize;
  private final int readBatch;
  private final TurnLoops turn;
  private final DatagramChannels sockets;

  /** A listener factory sharing one dispatcher and one set of meters. */
  public UdpListener(
      Transport transport,
      MessageDispatcher dispatcher,
      TransportMetrics metrics,
      TailExceptionHandler tail,
      int maxDatagramSize,
      int readBatch) {
    this(transport, dispatcher, metrics, tail, maxDatagramSize, readBatch, null);
  }

  /** As above, with TURN state per event loop ({@code turn} null: STUN only). */
  public UdpListener(
      Transport transport,
      MessageDispatcher dispatcher,
      TransportMetrics metrics,
      TailExceptionHandler tail,
      int maxDatagramSize,
      int readBatch,
      TurnLoops turn) {
    this.turn = turn;
    this.transport = transport;
    this.sockets = new DatagramChannels(transport.datagramChannel());
    this.dispatcher = dispatcher;
    this.metrics = metrics;
    this.tail = tail;
    this.maxDatagramSize = maxDatagramSize;
    this.readBatch = readBatch;
  }

  /**
   * Binds the sockets for one address; port 0 binds the first socket to an ephemeral port and the
   * others to the same one.
   *
   * @return the bound channels, all on the same local address
   * @throws InterruptedException if interrupted while binding
   */
  public List<Channel> bind(EventLoopGroup group, InetSocketAddress address)
      throws InterruptedException {
    List<Channel> channels = new ArrayList<>();
    try {
      InetSocketAddress target = address;
      for (EventLoop loop : loopsFor(group)) {
        Channel channel = bootstrap(loop, target).bind(target).sync().channel();
        channels.add(channel);
        if (channels.size() == 1) {
          reportCappedBuffers((DatagramChannel) channel);
        }
        target = (InetSocketAddress) channel.localAddress();
      }
      return channels;
    } catch (InterruptedException | RuntimeException e) {
      channels.forEach(Channel::close);
      throw e;
    }
  }

  /**
   * Linux doubles the value asked for (bookkeeping overhead) after capping it at the sysctl; a
   * smaller figure means the administrator's limit won, which is worth one line at start-up.
   */
  private static void reportCappedBuffers(DatagramChannel channel) {
    reportCappedBuffers(
        channel.config().getReceiveBufferSize(), channel.config().getSendBufferSize());
  }

  /** Warns once when the kernel granted less than {@link #SOCKET_BUFFER_BYTES}. */
  static void reportCappedBuffers(int receive, int send) {
    if (receive < SOCKET_BUFFER_BYTES || send < SOCKET_BUFFER_BYTES) {
      LOG.warn(
          "UDP listener socket buffers are {} bytes (receive) and {} bytes (send), less than the {}"
              + " asked for; raise net.core.rmem_max and net.core.wmem_max to absorb bursts",
          receive,
          send,
          SOCKET_BUFFER_BYTES);
    }
  }

  private List<EventLoop> loopsFor(EventLoopGroup group) {
    List<EventLoop> loops = new ArrayList<>();
    if (!transport.supportsReusePort()) {
      loops.add(group.next());
      return loops;
    }
    for (EventExecutor executor : group) {
      loops.add((EventLoop) executor);
    }
    return loops;
  }

  private Bootstrap bootstrap(EventLoop loop, InetSocketAddress address) {
    Bootstrap bootstrap =
        new Bootstrap()
            .group(loop)
            .channelFactory(() -> sockets.newChannel(address.getAddress()))
            .option(ChannelOption.ALLOCATOR, Transport.allocator())
            .handler(
                new ChannelInitializer<DatagramChannel>() {
                  @Override
                  protected void initChannel(DatagramChannel ch) {
                    ch.pipeline()
                        .addLast(
                            PipelineNames.DATAGRAM_HANDLER,
                            new StunDatagramHandler(dispatcher, metrics, turn, maxDatagramSize))
                        .addLast(PipelineNames.TAIL_EXCEPTIONS, tail);
                  }
                });
    bootstrap
        .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
        .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES);
    if (transport.supportsReusePort()) {
      bootstrap.option(transport.reusePortOption(), true);
    }
    var batchOption = transport.maxDatagramPayloadOption();
    // One byte more than accepted: a datagram that fills its read was truncated.
    int readSize = maxDatagramSize + 1;
    if (batchOption.isPresent() && readBatch > 1) {
      // recvmmsg: one read fills up to readBatch datagrams of readSize each.
      bootstrap
          .option(batchOption.get(), readSize)
          .option(
              ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(readSize * readBatch));
    } else {
      bootstrap.option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(readSize));
    }
    return bootstrap;
  }
}

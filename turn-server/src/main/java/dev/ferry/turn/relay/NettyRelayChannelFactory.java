package dev.ferry.turn.relay;

import dev.ferry.turn.metrics.TurnMetrics;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.channel.unix.UnixChannel;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens relay sockets of the server's transport (NIO, epoll or io_uring). Registration and bind run
 * inline because the caller is on the target loop, so the Allocate that needs the socket is
 * answered in the same call.
 *
 * <p>A socket whose bind failed (another process holds the port, common when the relay range
 * overlaps the host's ephemeral ports) is kept, unbound and registered, as its loop's spare, and
 * the next open on that loop binds it instead of creating, configuring and registering a new one: a
 * retry costs one bind system call rather than about ten.
 *
 * <p>DF (RFC 8656 §14.1) is set through Linux path-MTU discovery: {@code IP_PMTUDISC_DO} makes the
 * kernel set DF on every packet and never fragment locally; {@code IP_PMTUDISC_DONT} clears DF, so
 * a relay socket never sets DF the client did not ask for (§14.1 allows DF=0 when not copying).
 * Only the native transports can set raw socket options; on NIO DONT-FRAGMENT is unsupported and
 * the client gets 420 (§7.2 step 4).
 */
public final class NettyRelayChannelFactory implements RelayChannelFactory {
  private static final Logger LOG = LoggerFactory.getLogger(NettyRelayChannelFactory.class);

  /** {@code IPPROTO_IP}, {@code IP_MTU_DISCOVER} from linux/in.h. */
  private static final IntegerUnixChannelOption IP_MTU_DISCOVER =
      new IntegerUnixChannelOption("IP_MTU_DISCOVER", 0, 10);

  /** {@code IPPROTO_IPV6}, {@code IPV6_MTU_DISCOVER} from linux/in6.h. */
  private static final IntegerUnixChannelOption IPV6_MTU_DISCOVER =
      new IntegerUnixChannelOption("IPV6_MTU_DISCOVER", 41, 23);

  /** {@code IP_PMTUDISC_DO} and {@code IPV6_PMTUDISC_DO}: always DF, never fragment. */
  private static final int PMTUDISC_DO = 2;

  /** {@code IP_PMTUDISC_DONT} and {@code IPV6_PMTUDISC_DONT}: never DF. */
  private static final int PMTUDISC_DONT = 0;

  private final DatagramChannels channels;
  private final int maxDatagramSize;
  private final boolean dontFragment;
  private final ChannelOption<Integer> batchOption;
  private final int readBatch;
  private final ByteBufAllocator allocator;

  /** Registered and unbound; the loops' shutdown closes them with the other channels. */
  private final SpareSockets<DatagramChannel> spares =
      new SpareSockets<>(DatagramChannel::isOpen, DatagramChannel::close);

  /** Shared by every relay channel: each channel makes its own handle from it. */
  private final FixedRecvByteBufAllocator recvAllocator;

  /**
   * Relay sockets read one datagram per system call.
   *
   * @param type the transport's datagram channel class; DF is supported when it is a native (epoll
   *     or io_uring) channel
   * @param maxDatagramSize largest peer datagram read in full
   */
  public NettyRelayChannelFactory(Class<? extends DatagramChannel> type, int maxDatagramSize) {
    this(type, maxDatagramSize, Optional.empty(), 1, ByteBufAllocator.DEFAULT);
  }

  /**
   * Relay sockets read up to {@code readBatch} datagrams per system call (recvmmsg) when {@code
   * batchOption} is present. Pass it only for a transport that allocates the receive buffer when
   * the socket is readable (epoll): io_uring keeps a receive with its buffer posted on every idle
   * socket, which would cost {@code maxDatagramSize * readBatch} per allocation.
   *
   * @param batchOption the transport's maximum-datagram-payload option, or empty for single reads
   * @param readBatch datagrams per batched read; 1 reads singly
   * @param allocator the buffer allocator of the relay sockets (the listeners' one)
   */
  public NettyRelayChannelFactory(
      Class<? extends DatagramChannel> type,
      int maxDatagramSize,
      Optional<ChannelOption<Integer>> batchOption,
      int readBatch,
      ByteBufAllocator allocator) {
    this.allocator = allocator;
    this.channels = new DatagramChannels(type);
    this.maxDatagramSize = maxDatagramSize;
    this.dontFragment = UnixChannel.class.isAssignableFrom(type);
    this.batchOption = readBatch > 1 ? batchOption.orElse(null) : null;
    this.readBatch = readBatch;
    // One byte more than relayed: a datagram that fills its read was truncated
    // (PeerDatagramHandler).
    this.recvAllocator =
        new FixedRecvByteBufAllocator(
            this.batchOption != null ? (maxDatagramSize + 1) * readBatch : maxDatagramSize + 1);
  }

  @Override
  public Optional<DatagramEndpoint> open(
      EventLoop loop,
      InetSocketAddress local,
      boolean dontFragment,
      PeerDatagrams peers,
      TurnMetrics metrics) {
    ChannelHandler handler = new PeerDatagramHandler(peers, maxDatagramSize);
    boolean ipv4 = local.getAddress() instanceof Inet4Address;
    DatagramChannel channel = spares.take(loop, ipv4);
    if (channel == null) {
      channel = newRegisteredChannel(loop, local);
      if (channel == null) {
        return Optional.empty();
      }
    }
    if (this.dontFragment && !setPathMtuDiscovery(channel, local, dontFragment)) {
      channel.close();
      return Optional.empty();
    }
    channel.pipeline().addLast(handler);
    ChannelFuture bound = channel.bind(local);
    if (bound.isDone() && bound.isSuccess()) {
      return Optional.of(new ChannelEndpoint(channel, metrics));
    }
    channel.pipeline().remove(handler);
    if (bound.isDone() && channel.isOpen() && !channel.isActive()) {
      spares.keep(loop, channel, ipv4);
    } else {
      channel.close();
    }
    return Optional.empty();
  }

  /** Whether {@code loop} holds a spare socket from a failed bind (tests). */
  boolean hasSpare(EventLoop loop) {
    return spares.has(loop);
  }

  private DatagramChannel newRegisteredChannel(EventLoop loop, InetSocketAddress local) {
    DatagramChannel channel = channels.newChannel(local.getAddress());
    channel.config().setAllocator(allocator);
    if (batchOption != null) {
      // recvmmsg: each datagram is a slice of one buffer, released before the read returns.
      channel.config().setOption(batchOption, maxDatagramSize + 1);
    }
    channel.config().setRecvByteBufAllocator(recvAllocator);
    ChannelFuture registered = loop.register(channel);
    if (!registered.isDone() || !registered.isSuccess()) {
      channel.unsafe().closeForcibly();
      return null;
    }
    return channel;
  }

  /**
   * DF on or off for the relay's family: an IPv4 relay has an AF_INET socket, which reads the IPv4
   * option; IPv6 never fragments in transit, and DO also stops the sender fragmenting.
   */
  private static boolean setPathMtuDiscovery(
      DatagramChannel channel, InetSocketAddress local, boolean dontFragment) {
    IntegerUnixChannelOption option =
        local.getAddress() instanceof Inet4Address ? IP_MTU_DISCOVER : IPV6_MTU_DISCOVER;
    try {
      return channel.config().setOption(option, dontFragment ? PMTUDISC_DO : PMTUDISC_DONT);
    } catch (ChannelException e) {
      LOG.warn("Cannot set {} on a relay socket: {}", option.name(), e.toString());
      return false;
    }
  }

  @Override
  public boolean supportsDontFragment() {
    return dontFragment;
  }
}

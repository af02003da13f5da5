package dev.ferry.turn.relay;

import dev.ferry.turn.allocation.TransportAddress;
import dev.ferry.turn.metrics.TurnMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DatagramEndpoint} over a Netty datagram channel (NIO, epoll, io_uring, or an embedded
 * channel in tests): datagrams leave as pooled {@link PooledDatagramPacket}s, GSO runs as {@link
 * SegmentedDatagramPacket}s where the channel is an epoll one and the kernel has UDP_SEGMENT.
 */
public final class ChannelEndpoint implements DatagramEndpoint, ChannelFutureListener {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelEndpoint.class);

  private final Channel channel;
  private final TurnMetrics metrics;
  private boolean segments;

  /** An endpoint writing to {@code channel}; {@code metrics} counts its GSO writes. */
  public ChannelEndpoint(Channel channel, TurnMetrics metrics) {
    this(channel, metrics, supportsSegments(channel));
  }

  /** As above, with GSO forced on or off (tests). */
  public ChannelEndpoint(Channel channel, TurnMetrics metrics, boolean segments) {
    this.channel = channel;
    this.metrics = metrics;
    this.segments = segments;
  }

  /** Whether {@code channel} can send a {@link SegmentedDatagramPacket}. */
  public static boolean supportsSegments(Channel channel) {
    return channel instanceof EpollDatagramChannel && SegmentedDatagramPacket.isSupported();
  }

  /** The channel written to. */
  public Channel channel() {
    return channel;
  }

  @Override
  public void write(ByteBuf datagram, TransportAddress to) {
    channel.write(PooledDatagramPacket.of(datagram, to.socketAddress()), channel.voidPromise());
  }

  @Override
  public void writeSegments(ByteBuf run, int segmentSize, int count, TransportAddress to) {
    ChannelFuture sent =
        channel.write(new SegmentedDatagramPacket(run, segmentSize, to.socketAddress()));
    sent.addListener(this);
    metrics.segmentedSend(count);
  }

  @Override
  public boolean supportsSegments() {
    return segments;
  }

  @Override
  public void flush() {
    channel.flush();
  }

  @Override
  public ByteBufAllocator alloc() {
    return channel.alloc();
  }

  @Override
  public EventLoop eventLoop() {
    return channel.eventLoop();
  }

  @Override
  public boolean isOpen() {
    return channel.isOpen();
  }

  @Override
  public void close() {
    channel.close();
  }

  @Override
  public void operationComplete(ChannelFuture future) {
    if (future.isSuccess() || !channel.isOpen()) {
      return;
    }
    // A path MTU below the segment size (a tunnel, an ICMP-learned PMTU) makes the kernel refuse
    // the whole GSO write; the run was lost, so this socket goes back to one write per datagram.
    metrics.segmentedSendFailed();
    if (segments) {
      segments = false;
      LOG.warn(
          "UDP GSO send from {} failed ({}); sending datagrams one by one on this socket",
          channel.localAddress(),
          future.cause().toString());
    }
  }

  @Override
  public String toString() {
    return "ChannelEndpoint(" + channel + ")";
  }
}

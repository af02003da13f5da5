package dev.ferry.turn.relay;

import dev.ferry.turn.metrics.TurnMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consecutive datagrams of one size from one socket to one recipient, sent as a single UDP GSO
 * write (Linux UDP_SEGMENT): the kernel walks its send path, routing and netfilter once for the
 * whole run instead of once per datagram, and splits it into the original datagrams at the end (on
 * loopback, at the receiving socket). Bursts like this are what a relay sees: a video frame arrives
 * from a peer as several full-size packets in one read batch, all bound for one client.
 *
 * <p>A run ends at the first datagram that differs in recipient or is longer than the first, after
 * a shorter one (which the kernel accepts only as the last segment), at the segment and size caps,
 * and when the loop's read batch ends ({@link FlushBatch#flushAll}). A lone datagram goes out as it
 * came, without a copy. Confined to the socket's event loop.
 */
public final class SegmentRun implements ChannelFutureListener {
  /**
   * Largest datagram that joins a run. A GSO write whose segment plus headers exceeds the path MTU
   * fails whole (EINVAL) rather than being fragmented, so segments stay within what any IPv6 path
   * carries (1280 bytes less 48 of IPv6 and UDP headers); larger datagrams go out alone as before.
   */
  static final int MAX_SEGMENT_BYTES = 1232;

  /** The kernel's limit is 64 segments on older kernels and 128 on newer ones. */
  static final int MAX_SEGMENTS = 64;

  /** One IP datagram carries the whole run before segmentation. */
  static final int MAX_RUN_BYTES = 65_000;

  private static final Logger LOG = LoggerFactory.getLogger(SegmentRun.class);

  private final Channel channel;
  private final FlushBatch batch;
  private final TurnMetrics metrics;
  private boolean enabled;
  private ByteBuf first;
  private ByteBuf merged;
  private InetSocketAddress recipient;
  private int segmentBytes;
  private int segments;
  private boolean queued;

  /**
   * A run writing to {@code channel}; it joins datagrams only where the channel and the kernel
   * support UDP GSO, and otherwise writes each datagram as it comes.
   */
  public SegmentRun(Channel channel, FlushBatch batch, TurnMetrics metrics) {
    this(channel, batch, metrics, supports(channel));
  }

  SegmentRun(Channel channel, FlushBatch batch, TurnMetrics metrics, boolean enabled) {
    this.channel = channel;
    this.batch = batch;
    this.metrics = metrics;
    this.enabled = enabled;
  }

  /** Whether {@code channel} can send a {@link SegmentedDatagramPacket}. */
  public static boolean supports(Channel channel) {
    return channel instanceof EpollDatagramChannel && SegmentedDatagramPacket.isSupported();
  }

  /**
   * Queues {@code data} (ownership passes) for {@code to}; it leaves at the latest with the batch.
   */
  public void write(ByteBuf data, InetSocketAddress to) {
    int length = data.readableBytes();
    if (segments > 0 && joins(length, to)) {
      append(data);
      if (length < segmentBytes) {
        // Only the last segment may be shorter.
        emit();
      }
      return;
    }
    emit();
    if (!enabled || length == 0 || length > MAX_SEGMENT_BYTES) {
      channel.write(PooledDatagramPacket.of(data, to), channel.voidPromise());
      batch.add(channel);
      return;
    }
    first = data;
    recipient = to;
    segmentBytes = length;
    segments = 1;
    if (!queued) {
      queued = true;
      batch.add(this);
    }
  }

  private boolean joins(int length, InetSocketAddress to) {
    return length <= segmentBytes
        && length > 0
        && segments < MAX_SEGMENTS
        && (segments + 1) * segmentBytes <= MAX_RUN_BYTES
        && (to == recipient || to.equals(recipient));
  }

  private void append(ByteBuf data) {
    try {
      if (merged == null) {
        merged = channel.alloc().directBuffer(segmentBytes * 8, MAX_RUN_BYTES);
        merged.writeBytes(first);
        first.release();
        first = null;
      }
      merged.writeBytes(data);
      segments++;
    } finally {
      data.release();
    }
  }

  /** Writes the datagrams held so far to the channel, joined if there are several. */
  public void emit() {
    if (segments == 0) {
      return;
    }
    if (merged == null) {
      channel.write(PooledDatagramPacket.of(first, recipient), channel.voidPromise());
    } else {
      ChannelFuture sent =
          channel.write(new SegmentedDatagramPacket(merged, segmentBytes, recipient));
      sent.addListener(this);
      metrics.segmentedSend(segments);
    }
    batch.add(channel);
    first = null;
    merged = null;
    recipient = null;
    segments = 0;
  }

  /** Called by the batch when it emitted this run; the next datagram queues it again. */
  void dequeued() {
    queued = false;
  }

  /** Datagrams held, not yet written to the channel. */
  int pending() {
    return segments;
  }

  /** Whether this run joins datagrams (false after a GSO write failed). */
  boolean enabled() {
    return enabled;
  }

  @Override
  public void operationComplete(ChannelFuture future) {
    if (future.isSuccess() || !channel.isOpen()) {
      return;
    }
    // A path MTU below the segment size (a tunnel, an ICMP-learned PMTU) makes the kernel refuse
    // the whole GSO write; the run was lost, so this socket goes back to one write per datagram.
    metrics.segmentedSendFailed();
    if (enabled) {
      enabled = false;
      LOG.warn(
          "UDP GSO send from {} failed ({}); sending datagrams one by one on this socket",
          channel.localAddress(),
          future.cause().toString());
    }
  }
}

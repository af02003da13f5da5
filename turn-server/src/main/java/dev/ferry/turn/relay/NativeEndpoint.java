package dev.ferry.turn.relay;

import dev.ferry.turn.allocation.AddressFamily;
import dev.ferry.turn.allocation.TransportAddress;
import dev.ferry.turn.metrics.TurnMetrics;
import dev.ferry.turn.nativeudp.NativeUdpSocket;
import dev.ferry.turn.nativeudp.SendBatch;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DatagramEndpoint} over a {@link NativeUdpSocket}: writes go into the socket's send batch
 * as primitives (no envelope, no socket address object) and leave with one sendmmsg per flush.
 */
public final class NativeEndpoint implements DatagramEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(NativeEndpoint.class);

  private final NativeUdpSocket socket;
  private final EventLoop loop;
  private final ByteBufAllocator allocator;
  private final TurnMetrics metrics;
  private boolean segments;
  private boolean segmentsQueued;

  /**
   * An endpoint for {@code socket}, registered with {@code loop}; GSO runs are used where the
   * kernel supports UDP_SEGMENT.
   */
  public NativeEndpoint(
      NativeUdpSocket socket, EventLoop loop, ByteBufAllocator allocator, TurnMetrics metrics) {
    this(socket, loop, allocator, metrics, SegmentedDatagramPacket.isSupported());
  }

  NativeEndpoint(
      NativeUdpSocket socket,
      EventLoop loop,
      ByteBufAllocator allocator,
      TurnMetrics metrics,
      boolean segments) {
    this.socket = socket;
    this.loop = loop;
    this.allocator = allocator;
    this.metrics = metrics;
    this.segments = segments;
  }

  /** The socket written to. */
  public NativeUdpSocket socket() {
    return socket;
  }

  @Override
  public void write(ByteBuf datagram, TransportAddress to) {
    SendBatch out = socket.outbound();
    long fullBefore = out.droppedFullCount();
    boolean queued =
        to.family() == AddressFamily.IPV4
            ? out.addIpv4(datagram, to.ipv4(), to.port())
            : out.addIpv6(datagram, to.high(), to.low(), to.port());
    if (!queued) {
      countDrop(out, fullBefore);
    }
  }

  /** A datagram the batch did not take: its queue was full, or its recipient was malformed. */
  private void countDrop(SendBatch out, long fullBefore) {
    if (metrics == null) {
      return;
    }
    if (out.droppedFullCount() != fullBefore) {
      metrics.sendQueueFull();
    } else {
      metrics.sendRefused(1);
    }
  }

  @Override
  public void writeSegments(ByteBuf run, int segmentSize, int count, TransportAddress to) {
    SendBatch out = socket.outbound();
    long fullBefore = out.droppedFullCount();
    boolean queued =
        to.family() == AddressFamily.IPV4
            ? out.addIpv4(run, to.ipv4(), to.port(), segmentSize)
            : out.addIpv6(run, to.high(), to.low(), to.port(), segmentSize);
    if (!queued) {
      countDrop(out, fullBefore);
      return;
    }
    segmentsQueued = true;
    if (metrics != null) {
      metrics.segmentedSend(count);
    }
  }

  @Override
  public boolean supportsSegments() {
    return segments;
  }

  @Override
  public void flush() {
    SendBatch out = socket.outbound();
    if (out.isEmpty()) {
      return;
    }
    long refusedBefore = out.refusedCount();
    socket.flush();
    long refused = out.refusedCount() - refusedBefore;
    if (refused > 0 && metrics != null) {
      metrics.sendRefused(refused);
    }
    if (segmentsQueued) {
      segmentsQueued = false;
      if (refused > 0) {
        segmentRefused(out.lastRefusedErrno());
      }
    }
  }

  /**
   * A refused write while a GSO run was queued: most likely the run (a path MTU below the segment
   * size, or no GSO on the route), so this socket goes back to one write per datagram.
   */
  private void segmentRefused(int errno) {
    if (metrics != null) {
      metrics.segmentedSendFailed();
    }
    if (segments) {
      segments = false;
      LOG.warn(
          "UDP GSO send from {} failed (errno {}); sending datagrams one by one on this socket",
          socket,
          errno);
    }
  }

  @Override
  public ByteBufAllocator alloc() {
    return allocator;
  }

  @Override
  public EventLoop eventLoop() {
    return loop;
  }

  @Override
  public boolean isOpen() {
    return socket.isOpen();
  }

  @Override
  public void close() {
    socket.closeAsync();
  }

  @Override
  public String toString() {
    return "NativeEndpoint(" + socket + ")";
  }
}

package dev.ferry.turn.relay;

import dev.ferry.turn.allocation.TransportAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;

/**
 * The sending side of one UDP socket as the relay sees it, so the relay works the same on a Netty
 * datagram channel and on a native batched socket. Written and flushed on its event loop only;
 * every write hands the buffer over and never throws for a datagram the socket cannot send.
 */
public interface DatagramEndpoint {
  /** Queues {@code datagram} (ownership passes) for {@code to}; it leaves at the next flush. */
  void write(ByteBuf datagram, TransportAddress to);

  /**
   * Queues {@code run}, datagrams of {@code segmentSize} bytes back to back (the last may be
   * shorter), as one UDP GSO write to {@code to}; only when {@link #supportsSegments()}.
   *
   * @param segments how many datagrams the run holds, for the metrics
   */
  void writeSegments(ByteBuf run, int segmentSize, int segments, TransportAddress to);

  /** Whether {@link #writeSegments} may be used now (false after a GSO write was refused). */
  boolean supportsSegments();

  /** Sends what was queued. */
  void flush();

  /** Where buffers for this socket's datagrams come from. */
  ByteBufAllocator alloc();

  /** The loop the socket is registered with. */
  EventLoop eventLoop();

  /** True until closed. */
  boolean isOpen();

  /** Closes the socket; queued datagrams are released. */
  void close();
}

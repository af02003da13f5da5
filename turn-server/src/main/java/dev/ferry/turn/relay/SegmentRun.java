package dev.ferry.turn.relay;

import dev.ferry.stun.channel.ChannelData;
import dev.ferry.stun.channel.ChannelDataWriter;
import dev.ferry.stun.channel.Framing;
import dev.ferry.turn.allocation.TransportAddress;
import io.netty.buffer.ByteBuf;

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
 * came, without a copy. Whether runs are joined at all is the endpoint's call ({@link
 * DatagramEndpoint#supportsSegments()}), which turns it off after a refused GSO write. Confined to
 * the socket's event loop.
 */
public final class SegmentRun {
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

  /**
   * First capacity of a joined run: room for 26 full segments, more than a 16-deep flood window
   * brings, so runs rarely grow (each growth copied the run so far: 0.5% of the server's CPU with
   * one allocation flooded with 1200-byte packets), and still within what Netty's per-thread cache
   * keeps (32 KiB by default).
   */
  static final int RUN_BUFFER_BYTES = 32 * 1024;

  private final DatagramEndpoint endpoint;
  private final FlushBatch batch;
  private ByteBuf first;
  private ByteBuf merged;
  private TransportAddress recipient;
  private int segmentBytes;
  private int segments;
  private boolean queued;

  /** A run writing to {@code endpoint}, flushed with {@code batch}. */
  public SegmentRun(DatagramEndpoint endpoint, FlushBatch batch) {
    this.endpoint = endpoint;
    this.batch = batch;
  }

  /**
   * Queues {@code data} (ownership passes) for {@code to}; it leaves at the latest with the batch.
   */
  public void write(ByteBuf data, TransportAddress to) {
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
    if (length == 0 || length > MAX_SEGMENT_BYTES || !endpoint.supportsSegments()) {
      endpoint.write(data, to);
      batch.add(endpoint);
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

  private boolean joins(int length, TransportAddress to) {
    return length <= segmentBytes
        && length > 0
        && segments < MAX_SEGMENTS
        && (segments + 1) * segmentBytes <= MAX_RUN_BYTES
        && (to == recipient || to.equals(recipient));
  }

  private void append(ByteBuf data) {
    try {
      if (merged == null) {
        startMerged();
      }
      merged.writeBytes(data);
      segments++;
    } finally {
      data.release();
    }
  }

  /**
   * Queues a ChannelData message with datagram framing (RFC 8656 §12.5) carrying {@code payload}'s
   * readable bytes (not retained, indices unchanged) for {@code to}. A message that joins the run
   * is framed straight into the run's buffer, so a burst from a peer costs one copy per datagram
   * where framing each into its own buffer first cost a buffer and a second copy each. The first
   * message of a run still gets a buffer of its own size: a lone datagram waiting in a full send
   * queue should not hold a run-sized buffer.
   */
  public void writeChannelData(int channelNumber, ByteBuf payload, TransportAddress to) {
    int length = ChannelData.HEADER_LENGTH + payload.readableBytes();
    if (segments > 0 && joins(length, to)) {
      if (merged == null) {
        startMerged();
      }
      frame(channelNumber, payload);
      segments++;
      if (length < segmentBytes) {
        emit();
      }
      return;
    }
    write(ChannelDataWriter.copy(endpoint.alloc(), channelNumber, payload, Framing.DATAGRAM), to);
  }

  private void frame(int channelNumber, ByteBuf payload) {
    ChannelDataWriter.writeHeader(merged, channelNumber, payload.readableBytes());
    merged.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
  }

  private void startMerged() {
    merged =
        endpoint
            .alloc()
            .directBuffer(Math.min(segmentBytes * MAX_SEGMENTS, RUN_BUFFER_BYTES), MAX_RUN_BYTES);
    merged.writeBytes(first);
    first.release();
    first = null;
  }

  /** Writes the datagrams held so far to the endpoint, joined if there are several. */
  public void emit() {
    if (segments == 0) {
      return;
    }
    if (merged == null) {
      endpoint.write(first, recipient);
    } else {
      endpoint.writeSegments(merged, segmentBytes, segments, recipient);
    }
    batch.add(endpoint);
    first = null;
    merged = null;
    recipient = null;
    segments = 0;
  }

  /** Called by the batch when it emitted this run; the next datagram queues it again. */
  void dequeued() {
    queued = false;
  }

  /** Datagrams held, not yet written to the endpoint. */
  int pending() {
    return segments;
  }
}

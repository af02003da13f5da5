package dev.ferry.turn.relay;

import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.StunWriter;
import dev.ferry.turn.allocation.Allocation;
import dev.ferry.turn.allocation.ChannelBinding;
import dev.ferry.turn.allocation.NanoClock;
import dev.ferry.turn.allocation.TransportAddress;
import dev.ferry.turn.metrics.TurnMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Peer to client (RFC 8656 §11.3, §12.5), whatever socket the datagram came from: a datagram on the
 * relay socket is relayed only if the allocation has a permission for the sender's IP (§9, else
 * silently dropped); it goes as ChannelData when a channel is bound to the sender's IP and port,
 * else as a Data indication with XOR-PEER-ADDRESS and DATA. Senders arrive as primitives, so a
 * ChannelData relay costs no allocation beyond the outgoing buffer. One per relay socket, on its
 * loop.
 */
public final class PeerDatagrams {
  /** Drop label for datagrams from peers without a permission. */
  public static final String NO_PERMISSION = "no_permission";

  private static final long V4_MAPPED_PREFIX = 0xFFFFL;

  private final NanoClock clock;
  private final TurnMetrics metrics;
  private final StunWriter writer = new StunWriter();
  private RelaySocket socket;

  /** The relay of one socket; {@link #attach} it once the socket exists. */
  public PeerDatagrams(NanoClock clock, TurnMetrics metrics) {
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Connects to the relay socket (the socket needs the endpoint, which needs this). */
  public void attach(RelaySocket relaySocket) {
    this.socket = relaySocket;
  }

  /** Relays {@code payload} (not retained) from the IPv4 peer {@code address}:{@code port}. */
  public void fromIpv4(int address, int port, ByteBuf payload, ByteBufAllocator alloc) {
    fromIpv4(address, port, payload, alloc, clock.nanoTime());
  }

  /**
   * {@link #fromIpv4(int, int, ByteBuf, ByteBufAllocator)} at {@code now}, a reading of this
   * relay's clock the caller took for all the datagrams of one wakeup.
   */
  public void fromIpv4(int address, int port, ByteBuf payload, ByteBufAllocator alloc, long now) {
    Allocation<RelaySocket> allocation = liveAllocation(now);
    if (allocation == null) {
      return;
    }
    if (!allocation.permissions().isPermittedIpv4(address, now)) {
      metrics.peerDenied(NO_PERMISSION);
      return;
    }
    ChannelBinding binding = allocation.channels().byPeerIpv4(address, port, now);
    forward(allocation, binding, payload, alloc, false, 0, address, port);
  }

  /**
   * Relays {@code payload} (not retained) from the IPv6 peer {@code high low}:{@code port}; a
   * v4-mapped address is the IPv4 peer of a dual-stack socket.
   */
  public void fromIpv6(long high, long low, int port, ByteBuf payload, ByteBufAllocator alloc) {
    fromIpv6(high, low, port, payload, alloc, clock.nanoTime());
  }

  /** {@link #fromIpv6(long, long, int, ByteBuf, ByteBufAllocator)} at {@code now}. */
  public void fromIpv6(
      long high, long low, int port, ByteBuf payload, ByteBufAllocator alloc, long now) {
    if (high == 0 && (low >>> 32) == V4_MAPPED_PREFIX) {
      fromIpv4((int) low, port, payload, alloc, now);
      return;
    }
    Allocation<RelaySocket> allocation = liveAllocation(now);
    if (allocation == null) {
      return;
    }
    if (!allocation.permissions().isPermittedIpv6(high, low, now)) {
      metrics.peerDenied(NO_PERMISSION);
      return;
    }
    ChannelBinding binding = allocation.channels().byPeerIpv6(high, low, port, now);
    forward(allocation, binding, payload, alloc, true, high, low, port);
  }

  /** A reading of the clock deadlines are checked against. */
  public long now() {
    return clock.nanoTime();
  }

  /** A peer datagram arrived cut to the read size and was dropped. */
  public void truncated() {
    metrics.peerTruncated();
  }

  /** Ends a read batch: the writes to the client leave once every ready socket was read. */
  public void readComplete() {
    if (socket != null) {
      socket.link().batch().flushAfterIo(socket.endpoint().eventLoop());
    }
  }

  private Allocation<RelaySocket> liveAllocation(long now) {
    if (socket == null) {
      return null;
    }
    Allocation<RelaySocket> allocation = socket.allocation();
    return allocation != null && allocation.isLive(now) ? allocation : null;
  }

  private void forward(
      Allocation<RelaySocket> allocation,
      ChannelBinding binding,
      ByteBuf payload,
      ByteBufAllocator alloc,
      boolean ipv6,
      long high,
      long low,
      int port) {
    int length = payload.readableBytes();
    if (binding != null) {
      // §12.5: once a channel is bound, peer data MUST go as ChannelData.
      socket.sendChannelDataToClient(binding.number(), payload);
    } else {
      TransportAddress peer =
          ipv6 ? TransportAddress.ipv6(high, low, port) : TransportAddress.ipv4((int) low, port);
      socket.sendToClient(dataIndication(alloc, peer, payload));
    }
    allocation.recordToClient(length);
    metrics.relayed(TurnMetrics.Direction.TO_CLIENT, length);
  }

  /** §11.3: a Data indication carrying XOR-PEER-ADDRESS and DATA. */
  private ByteBuf dataIndication(ByteBufAllocator alloc, TransportAddress peer, ByteBuf data) {
    ByteBuf out = alloc.ioBuffer(64 + data.readableBytes());
    try {
      writer
          .begin(out, StunMethod.DATA, MessageClass.INDICATION, ThreadLocalRandom.current())
          .xorPeerAddress(peer.toInetSocketAddress())
          .data(data)
          .fingerprint();
      return out;
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }
}

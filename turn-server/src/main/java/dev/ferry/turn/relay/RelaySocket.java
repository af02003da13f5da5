package dev.ferry.turn.relay;

import dev.ferry.turn.allocation.Allocation;
import dev.ferry.turn.allocation.RelayEndpoint;
import dev.ferry.turn.allocation.Transport;
import dev.ferry.turn.allocation.TransportAddress;
import dev.ferry.turn.metrics.TurnMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/**
 * The relay socket of one allocation (RFC 8656 §6): a UDP channel on the allocation's event loop,
 * the pooled port it holds and the client it relays for. Closing it closes the channel, returns the
 * port and removes the allocation from its link's client index.
 */
public final class RelaySocket implements RelayEndpoint {
  private final Channel channel;
  private final int port;
  private final RelayPortPool pool;
  private final ClientLink link;
  private final InetSocketAddress client;
  private final TransportAddress clientKey;
  private final InetSocketAddress local;
  private final InetSocketAddress advertised;
  private final SegmentRun toPeer;
  private final SegmentRun toClient;
  private Allocation<RelaySocket> allocation;
  private boolean closed;

  /**
   * @param channel the bound relay channel
   * @param port the pool port it is bound to (returned on close)
   * @param local the address it is bound to
   * @param advertised the address told to the client in XOR-RELAYED-ADDRESS
   * @param metrics counts the UDP GSO writes of this socket's runs
   */
  public RelaySocket(
      Channel channel,
      int port,
      RelayPortPool pool,
      ClientLink link,
      InetSocketAddress client,
      InetSocketAddress local,
      InetSocketAddress advertised,
      TurnMetrics metrics) {
    this.local = local;
    this.channel = channel;
    this.port = port;
    this.pool = pool;
    this.link = link;
    this.client = client;
    this.clientKey = TransportAddress.of(client);
    this.advertised = advertised;
    this.toPeer = new SegmentRun(channel, link.batch(), metrics);
    // TCP links frame a stream: only a UDP listener can take a segmented datagram.
    this.toClient =
        link.transport() == Transport.UDP
            ? new SegmentRun(link.channel(), link.batch(), metrics)
            : null;
  }

  /** Connects the socket to its allocation once the table created it; indexes the client. */
  public void attach(Allocation<RelaySocket> created) {
    this.allocation = created;
    link.register(clientKey, created);
  }

  /** The allocation, or null before {@link #attach}. */
  public Allocation<RelaySocket> allocation() {
    return allocation;
  }

  public Channel channel() {
    return channel;
  }

  public int port() {
    return port;
  }

  public ClientLink link() {
    return link;
  }

  /** The client's address, for writes back to it. */
  public InetSocketAddress client() {
    return client;
  }

  /** The bound relayed transport address. */
  public InetSocketAddress local() {
    return local;
  }

  /** XOR-RELAYED-ADDRESS: the bound address, or its external substitute. */
  public InetSocketAddress advertised() {
    return advertised;
  }

  /** Queues {@code payload} (ownership passes) for {@code peer}; flushed with the loop's batch. */
  public void sendToPeer(ByteBuf payload, InetSocketAddress peer) {
    toPeer.write(payload, peer);
  }

  /**
   * Queues {@code message} (owned by this call) for the client; flushed with the loop's batch, and
   * joined with the allocation's other datagrams of the batch into one GSO write where it can be.
   */
  public void sendToClient(ByteBuf message) {
    if (toClient != null) {
      toClient.write(message, client);
    } else {
      link.write(message, client);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Held datagrams go to the transport, which releases them once the channel is closed.
    toPeer.emit();
    if (toClient != null) {
      toClient.emit();
    }
    if (allocation != null) {
      link.unregister(clientKey, allocation);
    }
    channel.close();
    pool.release(port);
  }

  /** Whether {@link #close} ran. */
  public boolean isClosed() {
    return closed;
  }
}

package dev.ferry.turn.relay;

import dev.ferry.stun.channel.ChannelDataWriter;
import dev.ferry.turn.allocation.Allocation;
import dev.ferry.turn.allocation.RelayEndpoint;
import dev.ferry.turn.allocation.Transport;
import dev.ferry.turn.allocation.TransportAddress;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * The relay socket of one allocation (RFC 8656 §6): a UDP socket on the allocation's event loop,
 * the pooled port it holds and the client it relays for. Closing it closes the socket, returns the
 * port and removes the allocation from its link's client index.
 */
public final class RelaySocket implements RelayEndpoint {
  private final DatagramEndpoint endpoint;
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
   * @param endpoint the bound relay socket
   * @param port the pool port it is bound to (returned on close)
   * @param local the address it is bound to
   * @param advertised the address told to the client in XOR-RELAYED-ADDRESS
   */
  public RelaySocket(
      DatagramEndpoint endpoint,
      int port,
      RelayPortPool pool,
      ClientLink link,
      InetSocketAddress client,
      InetSocketAddress local,
      InetSocketAddress advertised) {
    this.local = local;
    this.endpoint = endpoint;
    this.port = port;
    this.pool = pool;
    this.link = link;
    this.client = client;
    this.clientKey = TransportAddress.of(client);
    this.advertised = advertised;
    this.toPeer = new SegmentRun(endpoint, link.batch());
    // TCP links frame a stream: only a UDP listener can take a segmented datagram.
    this.toClient =
        link.datagrams() != null && link.transport() == Transport.UDP
            ? new SegmentRun(link.datagrams(), link.batch())
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

  /** The relay socket's sending side. */
  public DatagramEndpoint endpoint() {
    return endpoint;
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
  public void sendToPeer(ByteBuf payload, TransportAddress peer) {
    toPeer.write(payload, peer);
  }

  /**
   * Queues {@code message} (owned by this call) for the client; flushed with the loop's batch, and
   * joined with the allocation's other datagrams of the batch into one GSO write where it can be.
   */
  public void sendToClient(ByteBuf message) {
    if (toClient != null) {
      toClient.write(message, clientKey);
    } else {
      link.write(message, clientKey);
    }
  }

  /**
   * Queues a ChannelData message carrying {@code payload} (not retained) on {@code channelNumber}
   * for the client, framed for the client's transport; on a UDP listener it is framed straight into
   * the GSO run.
   */
  public void sendChannelDataToClient(int channelNumber, ByteBuf payload) {
    if (toClient != null) {
      toClient.writeChannelData(channelNumber, payload, clientKey);
    } else {
      link.write(
          ChannelDataWriter.copy(link.alloc(), channelNumber, payload, link.framing()), clientKey);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Held datagrams go to the socket, which releases them once it is closed.
    toPeer.emit();
    if (toClient != null) {
      toClient.emit();
    }
    if (allocation != null) {
      link.unregister(clientKey, allocation);
    }
    endpoint.close();
    pool.release(port);
  }

  /** Whether {@link #close} ran. */
  public boolean isClosed() {
    return closed;
  }
}

package dev.ferry.turn.relay;

import dev.ferry.turn.allocation.Allocation;
import dev.ferry.turn.allocation.RelayEndpoint;
import dev.ferry.turn.allocation.TransportAddress;
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
  private Allocation<RelaySocket> allocation;
  private boolean closed;

  /**
   * @param channel the bound relay channel
   * @param port the pool port it is bound to (returned on close)
   * @param local the address it is bound to
   * @param advertised the address told to the client in XOR-RELAYED-ADDRESS
   */
  public RelaySocket(
      Channel channel,
      int port,
      RelayPortPool pool,
      ClientLink link,
      InetSocketAddress client,
      InetSocketAddress local,
      InetSocketAddress advertised) {
    this.local = local;
    this.channel = channel;
    this.port = port;
    this.pool = pool;
    this.link = link;
    this.client = client;
    this.clientKey = TransportAddress.of(client);
    this.advertised = advertised;
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
    channel.write(PooledDatagramPacket.of(payload, peer), channel.voidPromise());
    link.batch().add(channel);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
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

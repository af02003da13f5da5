package dev.ferry.turn.relay;

import dev.ferry.stun.channel.Framing;
import dev.ferry.turn.allocation.AddressMap;
import dev.ferry.turn.allocation.Allocation;
import dev.ferry.turn.allocation.Transport;
import dev.ferry.turn.allocation.TransportAddress;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One listening socket (UDP) or client connection (TCP) as the relay sees it: the server half of
 * the 5-tuples that arrive on it, the allocations of its clients indexed by client address for
 * allocation-free lookups, and the way back to a client. Confined to the channel's event loop.
 */
public final class ClientLink {
  private final Channel channel;
  private final Transport transport;
  private final InetSocketAddress local;
  private final TransportAddress localKey;
  private final TurnLoop loop;
  private final AddressMap<Allocation<RelaySocket>> byClient = new AddressMap<>();

  /**
   * @param channel the listener (UDP) or connection (TCP) channel
   * @param transport the 5-tuple transport of everything arriving here
   * @param local the server address of the 5-tuples
   * @param loop the TURN state of the channel's event loop
   */
  public ClientLink(Channel channel, Transport transport, InetSocketAddress local, TurnLoop loop) {
    this.channel = channel;
    this.transport = transport;
    this.local = local;
    this.localKey = TransportAddress.of(local);
    this.loop = loop;
  }

  public Channel channel() {
    return channel;
  }

  public Transport transport() {
    return transport;
  }

  /** The server address clients sent to. */
  public InetSocketAddress local() {
    return local;
  }

  /** {@link #local()} as a table key. */
  public TransportAddress localKey() {
    return localKey;
  }

  /** ChannelData to the client is padded on streams (RFC 8656 §12.5). */
  public Framing framing() {
    return transport == Transport.UDP || transport == Transport.DTLS
        ? Framing.DATAGRAM
        : Framing.STREAM;
  }

  /**
   * The allocation of the client at {@code client} on this link, or null. Allocation-free for IPv4
   * clients ({@link Inet4Address#hashCode()} is the address); IPv6 copies the 16 address bytes.
   */
  public Allocation<RelaySocket> allocationOf(InetSocketAddress client) {
    InetAddress ip = client.getAddress();
    if (ip instanceof Inet4Address) {
      return byClient.get(false, 0, ip.hashCode() & 0xFFFF_FFFFL, client.getPort());
    }
    return byClient.get(TransportAddress.of(ip, client.getPort()));
  }

  void register(TransportAddress client, Allocation<RelaySocket> allocation) {
    byClient.put(client, allocation);
  }

  void unregister(TransportAddress client, Allocation<RelaySocket> allocation) {
    if (byClient.get(client) == allocation) {
      byClient.remove(client);
    }
  }

  /** Allocations indexed here. */
  public int allocationCount() {
    return byClient.size();
  }

  /** Queues {@code message} (owned by this call) for {@code client}; flushed with the batch. */
  public void write(ByteBuf message, InetSocketAddress client) {
    if (transport == Transport.UDP) {
      channel.write(PooledDatagramPacket.of(message, client), channel.voidPromise());
    } else {
      channel.write(message, channel.voidPromise());
    }
    loop.batch().add(channel);
  }

  /** Writes and flushes at once; for answers that complete outside a read batch. */
  public void writeAndFlush(ByteBuf message, InetSocketAddress client) {
    write(message, client);
    loop.batch().flushAll();
  }

  /** The loop's flush batch. */
  public FlushBatch batch() {
    return loop.batch();
  }

  /** The TURN state of this link's event loop. */
  public TurnLoop loop() {
    return loop;
  }

  /** Visits the allocations of this link's clients (a TCP link has at most one). */
  public void forEachAllocation(java.util.function.Consumer<Allocation<RelaySocket>> action) {
    java.util.List<Allocation<RelaySocket>> copy = new java.util.ArrayList<>();
    byClient.forEachValue(copy::add);
    copy.forEach(action);
  }
}

package dev.ferry.turn.relay;

import dev.ferry.stun.channel.Framing;
import dev.ferry.turn.allocation.AddressMap;
import dev.ferry.turn.allocation.Allocation;
import dev.ferry.turn.allocation.Transport;
import dev.ferry.turn.allocation.TransportAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One listening socket (UDP) or client connection (TCP) as the relay sees it: the server half of
 * the 5-tuples that arrive on it, the allocations of its clients indexed by client address for
 * allocation-free lookups, and the way back to a client. Confined to the channel's event loop.
 */
public final class ClientLink {
  private final Channel stream;
  private final DatagramEndpoint datagrams;
  private final Transport transport;
  private final InetSocketAddress local;
  private final TransportAddress localKey;
  private final TurnLoop loop;
  private final AddressMap<Allocation<RelaySocket>> byClient = new AddressMap<>();

  private ClientLink(
      Channel stream,
      DatagramEndpoint datagrams,
      Transport transport,
      InetSocketAddress local,
      TurnLoop loop) {
    this.stream = stream;
    this.datagrams = datagrams;
    this.transport = transport;
    this.local = local;
    this.localKey = TransportAddress.of(local);
    this.loop = loop;
  }

  /**
   * The link of one UDP listening socket.
   *
   * @param endpoint the listener socket's sending side
   * @param local the server address of the 5-tuples
   * @param loop the TURN state of the socket's event loop
   */
  public static ClientLink datagram(
      DatagramEndpoint endpoint, InetSocketAddress local, TurnLoop loop) {
    return new ClientLink(null, endpoint, Transport.UDP, local, loop);
  }

  /**
   * The link of one client connection.
   *
   * @param connection the connection's channel
   * @param transport TCP (or TLS)
   * @param local the server address of the 5-tuple
   * @param loop the TURN state of the channel's event loop
   */
  public static ClientLink stream(
      Channel connection, Transport transport, InetSocketAddress local, TurnLoop loop) {
    return new ClientLink(connection, null, transport, local, loop);
  }

  /** The listener socket's sending side, or null on a stream link. */
  public DatagramEndpoint datagrams() {
    return datagrams;
  }

  /** Where replies and relayed messages are allocated. */
  public ByteBufAllocator alloc() {
    return datagrams != null ? datagrams.alloc() : stream.alloc();
  }

  /** The event loop of the socket or connection. */
  public EventLoop eventLoop() {
    return datagrams != null ? datagrams.eventLoop() : stream.eventLoop();
  }

  /** False once the socket or connection closed; deferred answers then go nowhere. */
  public boolean isActive() {
    return datagrams != null ? datagrams.isOpen() : stream.isActive();
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

  /** The allocation of the IPv4 client {@code address}:{@code port} (network order), or null. */
  public Allocation<RelaySocket> allocationOfIpv4(int address, int port) {
    return byClient.get(false, 0, address & 0xFFFF_FFFFL, port);
  }

  /** The allocation of the IPv6 client {@code high low}:{@code port}, or null. */
  public Allocation<RelaySocket> allocationOfIpv6(long high, long low, int port) {
    return byClient.get(true, high, low, port);
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
    // A stream has one client, so its address is needed only on a datagram link.
    write(message, datagrams != null ? TransportAddress.of(client) : null);
  }

  /**
   * Queues {@code message} (owned by this call) for {@code client} (ignored on a stream link);
   * flushed with the batch.
   */
  public void write(ByteBuf message, TransportAddress client) {
    if (datagrams != null) {
      datagrams.write(message, client);
      loop.batch().add(datagrams);
    } else {
      stream.write(message, stream.voidPromise());
      loop.batch().add(stream);
    }
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

package dev.ferry.turn.relay;

import dev.ferry.turn.metrics.TurnMetrics;
import dev.ferry.turn.nativeudp.NativeUdpSocket;
import dev.ferry.turn.nativeudp.ReceiveBatch;
import dev.ferry.turn.nativeudp.SendBatch;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens relay sockets on Ferry's native batched layer (epoll loops only): AF_INET sockets for IPv4
 * relays, DF through path-MTU discovery as in {@link NettyRelayChannelFactory}, and a socket whose
 * bind failed kept as its loop's spare so that the next attempt costs one bind call.
 */
public final class NativeRelayChannelFactory implements RelayChannelFactory {
  private static final Logger LOG = LoggerFactory.getLogger(NativeRelayChannelFactory.class);

  /** {@code IP_PMTUDISC_DO} and {@code IPV6_PMTUDISC_DO}: always DF, never fragment. */
  static final int PMTUDISC_DO = 2;

  /** {@code IP_PMTUDISC_DONT} and {@code IPV6_PMTUDISC_DONT}: never DF. */
  static final int PMTUDISC_DONT = 0;

  /** Datagrams a relay socket holds for sending before it drops new ones. */
  static final int SEND_QUEUE = 128;

  private final int maxDatagramSize;
  private final int readSlots;
  private final ByteBufAllocator allocator;

  private final SpareSockets<NativeUdpSocket> spares =
      new SpareSockets<>(NativeUdpSocket::isOpen, NativeUdpSocket::closeAsync);

  /**
   * @param maxDatagramSize largest peer datagram read in full
   * @param readBatch datagrams per recvmmsg, as on the listeners (at most 64): a relay socket a
   *     peer floods holds a window of datagrams, and the memory read into is the event loop's,
   *     shared by its sockets, so an idle socket holds none
   * @param allocator the buffer allocator of relayed messages (the listeners' one)
   */
  public NativeRelayChannelFactory(int maxDatagramSize, int readBatch, ByteBufAllocator allocator) {
    this.maxDatagramSize = maxDatagramSize;
    this.readSlots = ReceiveBatch.slotsFor(readBatch);
    this.allocator = allocator;
  }

  @Override
  public Optional<DatagramEndpoint> open(
      EventLoop loop,
      InetSocketAddress local,
      boolean dontFragment,
      PeerDatagrams peers,
      TurnMetrics metrics) {
    boolean ipv4 = local.getAddress() instanceof Inet4Address;
    NativeUdpSocket socket = spares.take(loop, ipv4);
    try {
      if (socket == null) {
        socket = newSocket(ipv4);
      }
      socket.setPathMtuDiscovery(dontFragment ? PMTUDISC_DO : PMTUDISC_DONT);
    } catch (IOException e) {
      LOG.warn("Cannot open a relay socket: {}", e.getMessage());
      if (socket != null) {
        socket.closeAsync();
      }
      return Optional.empty();
    }
    try {
      socket.bind(local);
    } catch (IOException e) {
      spares.keep(loop, socket, ipv4);
      return Optional.empty();
    }
    NativeEndpoint endpoint = new NativeEndpoint(socket, loop, allocator, metrics);
    NativeUdpSocket bound = socket;
    // The registration runs as a task on this loop, so it cannot be awaited here; if it fails
    // (the loop is shutting down) the socket is closed rather than left open and deaf.
    bound
        .register((IoEventLoop) loop, new NativePeerHandler(peers, allocator))
        .addListener(
            registered -> {
              if (!registered.isSuccess()) {
                LOG.warn("Relay socket {} could not start reading: {}", local, registered.cause());
                bound.closeAsync();
              }
            });
    return Optional.of(endpoint);
  }

  private NativeUdpSocket newSocket(boolean ipv4) throws IOException {
    ReceiveBatch inbound = new ReceiveBatch(readSlots, maxDatagramSize);
    SendBatch outbound = new SendBatch(SEND_QUEUE);
    return ipv4
        ? NativeUdpSocket.openIpv4(inbound, outbound)
        : NativeUdpSocket.openIpv6(false, inbound, outbound);
  }

  /** Datagrams each relay socket reads per recvmmsg (tests). */
  int readSlots() {
    return readSlots;
  }

  /** Whether {@code loop} holds a spare socket from a failed bind (tests). */
  boolean hasSpare(EventLoop loop) {
    return spares.has(loop);
  }

  @Override
  public boolean supportsDontFragment() {
    return true;
  }

  /** Spare sockets were never registered, so the loops' shutdown does not close them. */
  @Override
  public void close() {
    spares.closeAll();
  }
}

package dev.ferry.turn.transport;

import dev.ferry.turn.dispatch.MessageDispatcher;
import dev.ferry.turn.metrics.TransportMetrics;
import dev.ferry.turn.metrics.TurnMetrics;
import dev.ferry.turn.nativeudp.NativeUdpSocket;
import dev.ferry.turn.nativeudp.ReceiveBatch;
import dev.ferry.turn.nativeudp.SendBatch;
import dev.ferry.turn.relay.ClientLink;
import dev.ferry.turn.relay.NativeEndpoint;
import dev.ferry.turn.relay.TurnLoops;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds the UDP sockets of one listening address on Ferry's native batched layer: one SO_REUSEPORT
 * socket per epoll event loop on the same port, with the same buffer sizes as {@link UdpListener},
 * each read by a {@link NativeDatagramHandler}.
 */
public final class NativeUdpListener {
  /** Datagrams a listener socket holds for sending before it drops new ones. */
  static final int SEND_QUEUE = 4096;

  private final MessageDispatcher dispatcher;
  private final TransportMetrics metrics;
  private final int maxDatagramSize;
  private final int readBatch;
  private final TurnLoops turn;
  private final ByteBufAllocator allocator;

  /**
   * A listener factory sharing one dispatcher and one set of meters.
   *
   * @param readBatch datagrams per recvmmsg (at most 64)
   * @param turn TURN state per event loop, or null for STUN only
   */
  public NativeUdpListener(
      MessageDispatcher dispatcher,
      TransportMetrics metrics,
      int maxDatagramSize,
      int readBatch,
      TurnLoops turn,
      ByteBufAllocator allocator) {
    this.dispatcher = dispatcher;
    this.metrics = metrics;
    this.maxDatagramSize = maxDatagramSize;
    this.readBatch = ReceiveBatch.slotsFor(readBatch);
    this.turn = turn;
    this.allocator = allocator;
  }

  /**
   * Binds one socket per loop of {@code group} (an epoll group); port 0 binds the first to an
   * ephemeral port and the others to the same one.
   *
   * @return the bound sockets, all on the same local address
   */
  public List<NativeUdpSocket> bind(EventLoopGroup group, InetSocketAddress address)
      throws IOException, InterruptedException {
    List<NativeUdpSocket> sockets = new ArrayList<>();
    try {
      InetSocketAddress target = address;
      for (EventExecutor executor : group) {
        NativeUdpSocket socket = open(target);
        sockets.add(socket);
        if (sockets.size() == 1) {
          UdpListener.reportCappedBuffers(socket.receiveBufferSize(), socket.sendBufferSize());
        }
        InetSocketAddress local = socket.localAddress();
        register(socket, (IoEventLoop) executor, local);
        target = local;
      }
      return sockets;
    } catch (IOException | InterruptedException | RuntimeException e) {
      sockets.forEach(NativeUdpSocket::closeAsync);
      throw e;
    }
  }

  private NativeUdpSocket open(InetSocketAddress target) throws IOException {
    ReceiveBatch inbound = new ReceiveBatch(readBatch, maxDatagramSize);
    SendBatch outbound = new SendBatch(SEND_QUEUE);
    NativeUdpSocket socket =
        target.getAddress() instanceof Inet4Address
            ? NativeUdpSocket.openIpv4(inbound, outbound)
            : NativeUdpSocket.openIpv6(false, inbound, outbound);
    try {
      socket.setReusePort(true);
      socket.setReceiveBufferSize(UdpListener.SOCKET_BUFFER_BYTES);
      socket.setSendBufferSize(UdpListener.SOCKET_BUFFER_BYTES);
      socket.bind(target);
      return socket;
    } catch (IOException | RuntimeException e) {
      socket.closeAsync();
      throw e;
    }
  }

  private void register(NativeUdpSocket socket, IoEventLoop loop, InetSocketAddress local)
      throws IOException, InterruptedException {
    TurnMetrics turnMetrics = turn == null ? null : turn.metrics();
    NativeEndpoint endpoint = new NativeEndpoint(socket, loop, allocator, turnMetrics);
    ClientLink link =
        turn == null ? null : ClientLink.datagram(endpoint, local, turn.forLoop(loop));
    ClientDispatch dispatch = new ClientDispatch(dispatcher, metrics, link);
    var armed = socket.register(loop, new NativeDatagramHandler(dispatch, link, endpoint)).await();
    if (!armed.isSuccess()) {
      throw new IOException("cannot register " + local + ": " + armed.cause(), armed.cause());
    }
  }
}

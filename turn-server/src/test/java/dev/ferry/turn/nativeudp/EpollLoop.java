package dev.ferry.turn.nativeudp;

import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** One epoll event loop for a test class, and a way to run code on it and wait for the result. */
final class EpollLoop implements AutoCloseable {
  private final MultiThreadIoEventLoopGroup group;
  final IoEventLoop loop;

  EpollLoop() {
    NativeUdpRequired.check();
    group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    loop = (IoEventLoop) group.next();
  }

  <T> T call(Callable<T> task) throws Exception {
    return loop.submit(task).get(5, TimeUnit.SECONDS);
  }

  /** Opens a socket bound to {@code host} port 0 and registers it with {@code handler}. */
  NativeUdpSocket open(String host, DatagramBatchHandler handler, int slots, int slotSize)
      throws Exception {
    boolean v6 = host.contains(":");
    ReceiveBatch inbound = new ReceiveBatch(slots, slotSize);
    SendBatch outbound = new SendBatch(256);
    NativeUdpSocket socket =
        v6
            ? NativeUdpSocket.openIpv6(true, inbound, outbound)
            : NativeUdpSocket.openIpv4(inbound, outbound);
    socket.bind(new java.net.InetSocketAddress(host, 0));
    socket.register(loop, handler).get(5, TimeUnit.SECONDS);
    return socket;
  }

  @Override
  public void close() throws Exception {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
  }
}

package dev.ferry.turn.nativeudp;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.LoggerFactory;

/**
 * A UDP socket driven by libferryudp on a Netty epoll event loop: reads with recvmmsg into a {@link
 * ReceiveBatch}, writes a {@link SendBatch} with sendmmsg, and creates no object per packet.
 *
 * <p>Opening, binding, options and {@link #register} may run on any thread; {@link #flush()},
 * {@link #outbound()} and the handler run on the event loop it is registered with.
 */
public final class NativeUdpSocket implements EpollIoHandle {
  /** recvmmsg calls per wakeup: bounded so one hot socket cannot starve the rest of the loop. */
  static final int MAX_READS_PER_WAKEUP = 16;

  private static final UnexpectedExceptionLog FAILURES =
      new UnexpectedExceptionLog(LoggerFactory.getLogger(NativeUdpSocket.class));

  // Level-triggered: a socket left with data after MAX_READS_PER_WAKEUP is reported again.
  private static final EpollIoOps READ = EpollIoOps.EPOLLIN;
  private static final EpollIoOps READ_WRITE = EpollIoOps.EPOLLIN.with(EpollIoOps.EPOLLOUT);
  private static final int IN_OR_ERR = EpollIoOps.EPOLLIN.value() | EpollIoOps.EPOLLERR.value();

  private final int fd;
  private final int family;
  private final SocketDescriptor descriptor;
  private final ReceiveBatch inbound;
  private final SendBatch outbound;
  private final BatchSender sender;
  private volatile IoEventLoop loop;
  private DatagramBatchHandler handler;
  private IoRegistration registration;
  private boolean waitingForWritable;
  private volatile boolean closed;

  private NativeUdpSocket(int fd, int family, ReceiveBatch inbound, SendBatch outbound) {
    this.fd = fd;
    this.family = family;
    this.descriptor = new SocketDescriptor(fd);
    this.inbound = inbound;
    this.outbound = outbound;
    this.sender =
        (records, count) ->
            NativeMethods.sendmmsg(fd, family, records.address(), records.capacity(), count);
  }

  /** Opens an AF_INET socket that reads into {@code inbound} and sends from {@code outbound}. */
  public static NativeUdpSocket openIpv4(ReceiveBatch inbound, SendBatch outbound)
      throws IOException {
    return open(NativeMethods.FAMILY_IPV4, false, inbound, outbound);
  }

  /**
   * Opens an AF_INET6 socket; with {@code v6Only} false it also serves IPv4 through v4-mapped
   * addresses, which {@link ReceiveBatch} reports as plain IPv4 senders.
   */
  public static NativeUdpSocket openIpv6(boolean v6Only, ReceiveBatch inbound, SendBatch outbound)
      throws IOException {
    return open(NativeMethods.FAMILY_IPV6, v6Only, inbound, outbound);
  }

  private static NativeUdpSocket open(
      int family, boolean v6Only, ReceiveBatch inbound, SendBatch outbound) throws IOException {
    NativeUdp.ensureAvailable();
    int fd = NativeMethods.openSocket(family, v6Only);
    if (fd < 0) {
      throw NativeUdp.ioException("socket", fd);
    }
    return new NativeUdpSocket(fd, family, inbound, outbound);
  }

  /** True for an AF_INET6 socket. */
  public boolean isIpv6() {
    return family == NativeMethods.FAMILY_IPV6;
  }

  /** Binds to {@code local} (port 0 picks an ephemeral port). */
  public void bind(InetSocketAddress local) throws IOException {
    InetAddress address = local.getAddress();
    if (address == null) {
      throw new IOException("unresolved bind address " + local);
    }
    int scope = address instanceof Inet6Address v6 ? v6.getScopeId() : 0;
    int result = NativeMethods.bind(fd, address.getAddress(), scope, local.getPort());
    if (result < 0) {
      throw NativeUdp.ioException("bind " + local, result);
    }
  }

  /** The bound address and port. */
  public InetSocketAddress localAddress() throws IOException {
    byte[] bytes = new byte[16];
    int result = NativeMethods.localAddress(fd, bytes);
    if (result < 0) {
      throw NativeUdp.ioException("getsockname", result);
    }
    int port = result & 0xFFFF;
    byte[] address = bytes;
    if ((result >>> 16) == NativeMethods.FAMILY_IPV4) {
      address = new byte[] {bytes[0], bytes[1], bytes[2], bytes[3]};
    }
    return new InetSocketAddress(InetAddress.getByAddress(address), port);
  }

  /** Sets SO_RCVBUF (the kernel doubles it and applies its limits). */
  public void setReceiveBufferSize(int bytes) throws IOException {
    check("setsockopt(SO_RCVBUF)", NativeMethods.setOption(fd, NativeMethods.OPTION_RCVBUF, bytes));
  }

  /** SO_RCVBUF as the kernel reports it. */
  public int receiveBufferSize() throws IOException {
    return check("getsockopt(SO_RCVBUF)", NativeMethods.getOption(fd, NativeMethods.OPTION_RCVBUF));
  }

  /** Sets SO_SNDBUF (the kernel doubles it and applies its limits). */
  public void setSendBufferSize(int bytes) throws IOException {
    check("setsockopt(SO_SNDBUF)", NativeMethods.setOption(fd, NativeMethods.OPTION_SNDBUF, bytes));
  }

  /** SO_SNDBUF as the kernel reports it. */
  public int sendBufferSize() throws IOException {
    return check("getsockopt(SO_SNDBUF)", NativeMethods.getOption(fd, NativeMethods.OPTION_SNDBUF));
  }

  /** Sets SO_REUSEPORT, so sockets of one process can share a port (one per event loop). */
  public void setReusePort(boolean on) throws IOException {
    check(
        "setsockopt(SO_REUSEPORT)",
        NativeMethods.setOption(fd, NativeMethods.OPTION_REUSEPORT, on ? 1 : 0));
  }

  /**
   * Sets IP_MTU_DISCOVER on an AF_INET socket or IPV6_MTU_DISCOVER on an AF_INET6 one, e.g. 2
   * (PMTUDISC_DO: DF on every packet) or 0 (PMTUDISC_DONT: never DF).
   */
  public void setPathMtuDiscovery(int mode) throws IOException {
    int option =
        isIpv6() ? NativeMethods.OPTION_IPV6_MTU_DISCOVER : NativeMethods.OPTION_IP_MTU_DISCOVER;
    check("setsockopt(MTU_DISCOVER)", NativeMethods.setOption(fd, option, mode));
  }

  /** The path-MTU discovery mode set by {@link #setPathMtuDiscovery}. */
  public int pathMtuDiscovery() throws IOException {
    int option =
        isIpv6() ? NativeMethods.OPTION_IPV6_MTU_DISCOVER : NativeMethods.OPTION_IP_MTU_DISCOVER;
    return check("getsockopt(MTU_DISCOVER)", NativeMethods.getOption(fd, option));
  }

  private static int check(String operation, int result) throws IOException {
    if (result < 0) {
      throw NativeUdp.ioException(operation, result);
    }
    return result;
  }

  /**
   * Registers with {@code eventLoop} (an epoll loop) and starts reading into {@code batchHandler};
   * the future completes once the socket is armed for EPOLLIN.
   */
  public Future<Void> register(IoEventLoop eventLoop, DatagramBatchHandler batchHandler) {
    if (!eventLoop.isCompatible(NativeUdpSocket.class)) {
      return ImmediateEventExecutor.INSTANCE.newFailedFuture(
          new IllegalArgumentException("not an epoll event loop: " + eventLoop));
    }
    Promise<Void> armed = eventLoop.newPromise();
    this.handler = batchHandler;
    this.loop = eventLoop;
    eventLoop.execute(
        () -> {
          if (closed) {
            // Closed before this task ran: the fd number may already belong to a new socket or
            // channel registered on this loop, whose registration Netty's register would replace.
            armed.setFailure(new IOException("socket closed while registering"));
            return;
          }
          eventLoop
              .register(this)
              .addListener(
                  done -> {
                    if (!done.isSuccess()) {
                      armed.setFailure(done.cause());
                      return;
                    }
                    registration = (IoRegistration) done.getNow();
                    if (closed) {
                      registration.cancel();
                      armed.setFailure(new IOException("socket closed while registering"));
                      return;
                    }
                    try {
                      registration.submit(READ);
                      armed.setSuccess(null);
                    } catch (RuntimeException e) {
                      registration.cancel();
                      armed.setFailure(e);
                    }
                  });
        });
    return armed;
  }

  /** The queue {@link #flush()} sends; add to it on the event loop only. */
  public SendBatch outbound() {
    return outbound;
  }

  /**
   * Sends what {@link #outbound()} holds; true when all went out, false when the socket is full and
   * the rest waits for EPOLLOUT (it is then sent without another call). Event loop only.
   */
  public boolean flush() {
    if (closed) {
      outbound.close();
      return false;
    }
    if (waitingForWritable) {
      return false;
    }
    if (outbound.flush(sender)) {
      return true;
    }
    waitingForWritable = true;
    submit(READ_WRITE);
    return false;
  }

  @Override
  public FileDescriptor fd() {
    return descriptor;
  }

  @Override
  public void handle(IoRegistration ioRegistration, IoEvent event) {
    int ops = ((EpollIoEvent) event).ops().value();
    if ((ops & EpollIoOps.EPOLLOUT.value()) != 0 && waitingForWritable) {
      waitingForWritable = false;
      if (outbound.flush(sender)) {
        submit(READ);
      } else {
        waitingForWritable = true;
      }
    }
    if ((ops & IN_OR_ERR) != 0) {
      readReady();
    }
  }

  private void readReady() {
    try {
      drain(handler);
    } catch (RuntimeException e) {
      // A handler bug must not reach Netty's loop, which would sleep a second on it; the socket
      // stays level-triggered, so unread datagrams are offered again on the next wakeup.
      FAILURES.log(this, e);
    }
    if (!closed && !outbound.isEmpty()) {
      flush();
    }
    // After the flushes, which release most slices consumers took of the loop's read region, so
    // that region usually stays for the next socket's read. (Skipped if a flush throws: the next
    // read checks for kept slices anyway.)
    inbound.endReads();
  }

  private void drain(DatagramBatchHandler batchHandler) {
    boolean delivered = false;
    for (int reads = 0; reads < MAX_READS_PER_WAKEUP && !closed; reads++) {
      int received = inbound.receive(fd);
      if (received < 0) {
        batchHandler.onReceiveError(this, -received);
        break;
      }
      if (received == 0) {
        break;
      }
      if (!delivered) {
        batchHandler.onBatchStart(this);
        delivered = true;
      }
      for (int i = 0; i < received; i++) {
        try {
          batchHandler.onDatagram(this, inbound, i);
        } catch (RuntimeException e) {
          // A bug one datagram triggers costs that datagram, not the ones after it in the batch
          // (other clients' ones), as Netty's pipeline isolates datagrams.
          FAILURES.log(this, e);
        }
      }
      if (received < inbound.slots()) {
        break; // the socket is drained: skip a recvmmsg that would only say EAGAIN
      }
    }
    if (delivered && !closed) {
      batchHandler.onBatchEnd(this);
    }
  }

  private void submit(EpollIoOps ops) {
    IoRegistration current = registration;
    if (current != null && current.isValid()) {
      current.submit(ops);
    }
  }

  /** True until closed. */
  public boolean isOpen() {
    return !closed;
  }

  /**
   * Deregisters and closes the socket on its event loop, releasing both batches; the future
   * completes when the descriptor is closed.
   */
  public Future<Void> closeAsync() {
    IoEventLoop current = loop;
    if (current == null || current.inEventLoop()) {
      closeNow();
      return ImmediateEventExecutor.INSTANCE.newSucceededFuture(null);
    }
    Promise<Void> done = current.newPromise();
    try {
      current.execute(
          () -> {
            closeNow();
            done.setSuccess(null);
          });
    } catch (RejectedExecutionException e) {
      closeNow(); // the loop is gone, nothing can race with us
      done.setSuccess(null);
    }
    return done;
  }

  /** Same as {@link #closeAsync()}; Netty calls it when the event loop shuts down. */
  @Override
  public void close() {
    closeAsync();
  }

  private synchronized void closeNow() {
    if (closed) {
      return;
    }
    closed = true;
    IoRegistration current = registration;
    if (current != null) {
      current.cancel(); // while the fd is still open, so epoll forgets it
    }
    descriptor.markClosedByOwner();
    NativeMethods.close(fd); // an error here leaves nothing to retry: the fd is gone either way
    inbound.close();
    outbound.close();
  }

  @Override
  public String toString() {
    return "NativeUdpSocket(fd=" + fd + (isIpv6() ? ", ipv6" : ", ipv4") + ")";
  }

  /** Lets Netty see the fd as closed once this socket closed it through libferryudp. */
  private static final class SocketDescriptor extends FileDescriptor {
    SocketDescriptor(int fd) {
      super(fd);
    }

    void markClosedByOwner() {
      markClosed();
    }
  }
}

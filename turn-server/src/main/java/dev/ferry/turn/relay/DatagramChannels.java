package dev.ferry.turn.relay;

import io.netty.channel.ChannelException;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Opens datagram channels of one transport with the socket family of the address they will bind. An
 * IPv4 address gets an AF_INET socket: Netty's default is a dual-stack AF_INET6 socket, whose every
 * send to an IPv4 peer enters the kernel's IPv6 path before falling back to IPv4 (about 5% of an
 * event loop's samples in paced relaying).
 */
public final class DatagramChannels {
  private final Constructor<? extends DatagramChannel> dualStack;
  private final Constructor<? extends DatagramChannel> ipv4;

  /**
   * Channels of {@code type}, which must have the no-argument and the {@link SocketProtocolFamily}
   * constructors (Netty's NIO, epoll and io_uring datagram channels do).
   */
  public DatagramChannels(Class<? extends DatagramChannel> type) {
    try {
      this.dualStack = type.getConstructor();
      this.ipv4 = type.getConstructor(SocketProtocolFamily.class);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          type.getName() + " cannot be opened for a given address family", e);
    }
  }

  /**
   * A new, unregistered channel for binding {@code local}: AF_INET for an IPv4 address (wildcard
   * included), otherwise the transport's default (IPv6, dual-stack).
   *
   * @throws ChannelException if the socket cannot be opened (for example, out of descriptors)
   */
  public DatagramChannel newChannel(InetAddress local) {
    try {
      return local instanceof Inet4Address
          ? ipv4.newInstance(SocketProtocolFamily.INET)
          : dualStack.newInstance();
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw cause instanceof ChannelException channelException
          ? channelException
          : new ChannelException("cannot open a datagram socket", cause);
    } catch (ReflectiveOperationException e) {
      throw new ChannelException("cannot open a datagram socket", e);
    }
  }
}

package dev.ferry.turn.dispatch;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;

/** Turns one received message into an {@link Outcome}; shared by the UDP and TCP listeners. */
public interface MessageDispatcher {

  /**
   * Processes one message. Never throws on hostile input and never retains {@code message}.
   *
   * @param message the received bytes (one datagram or one stream frame); the caller releases it
   * @param source the client's address (UDP: the datagram's source; TCP: the connection's peer)
   * @param alloc where to allocate a reply
   */
  Outcome dispatch(ByteBuf message, InetSocketAddress source, ByteBufAllocator alloc);
}

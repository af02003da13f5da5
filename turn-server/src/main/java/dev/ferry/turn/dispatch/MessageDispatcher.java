package dev.ferry.turn.dispatch;

import dev.ferry.turn.relay.ClientLink;
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

  /**
   * Processes one message that arrived on {@code link}, where TURN state is reachable. The default
   * ignores the link (STUN only).
   */
  default Outcome dispatch(ByteBuf message, InetSocketAddress source, ClientLink link) {
    return dispatch(message, source, link.channel().alloc());
  }
}

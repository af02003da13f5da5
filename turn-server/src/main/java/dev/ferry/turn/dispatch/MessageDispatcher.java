package dev.ferry.turn.dispatch;

import dev.ferry.turn.allocation.Allocation;
import dev.ferry.turn.relay.ClientLink;
import dev.ferry.turn.relay.RelaySocket;
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
    return dispatch(message, source, link.alloc());
  }

  /**
   * Processes a ChannelData message from a client whose allocation on {@code link} the caller
   * already looked up (null when it has none), so that the relay needs no socket address, at {@code
   * now} (a reading of the link's loop clock). The default drops it (STUN only: no channel can be
   * bound).
   */
  default Outcome channelData(
      ByteBuf message, Allocation<RelaySocket> allocation, ClientLink link, long now) {
    return Outcome.drop(DropReason.CHANNEL_DATA);
  }
}

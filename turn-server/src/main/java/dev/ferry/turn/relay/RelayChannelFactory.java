package dev.ferry.turn.relay;

import dev.ferry.turn.metrics.TurnMetrics;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Opens relay sockets (Netty channels or native sockets); an interface so that handler tests can
 * relay through embedded channels instead of real sockets.
 */
public interface RelayChannelFactory {
  /**
   * Opens a UDP socket bound to {@code local} on {@code loop}, whose datagrams go to {@code peers}.
   * Called on {@code loop}; the socket is bound when this returns (a native socket starts reading
   * once its registration task has run on the loop, before the next I/O round).
   *
   * @param dontFragment whether the allocation asked for DONT-FRAGMENT (RFC 8656 §14.1): its
   *     datagrams to peers then carry DF; only true when {@link #supportsDontFragment()} is
   * @param metrics counts the socket's UDP GSO writes
   * @return the bound socket, or empty when the address cannot be bound (port taken elsewhere)
   */
  Optional<DatagramEndpoint> open(
      EventLoop loop,
      InetSocketAddress local,
      boolean dontFragment,
      PeerDatagrams peers,
      TurnMetrics metrics);

  /**
   * Whether relayed datagrams can carry DF (RFC 8656 §14). When false, DONT-FRAGMENT in an Allocate
   * is treated as an unknown comprehension-required attribute (§7.2 step 4).
   */
  boolean supportsDontFragment();

  /** Closes what the factory keeps between opens (spare sockets); call after the loops stopped. */
  default void close() {}
}

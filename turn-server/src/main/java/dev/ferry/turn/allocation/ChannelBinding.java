package dev.ferry.turn.allocation;

import java.net.InetSocketAddress;

/**
 * One channel-number-to-peer binding (RFC 8656 §12). Read-only outside this package; a refresh
 * rewrites the deadline in place.
 */
public final class ChannelBinding {
  private final int number;
  private final TransportAddress peer;
  long expiresAtNanos;
  boolean expiryCounted;
  private InetSocketAddress peerSocketAddress;

  ChannelBinding(int number, TransportAddress peer, long expiresAtNanos) {
    this.number = number;
    this.peer = peer;
    this.expiresAtNanos = expiresAtNanos;
  }

  /** The channel number, 0x4000-0x4FFF. */
  public int number() {
    return number;
  }

  /** The peer's transport address (IP and port). */
  public TransportAddress peer() {
    return peer;
  }

  /**
   * The peer as a JDK socket address for relay writes, built once per binding so that ChannelData
   * to the peer allocates no address per packet.
   */
  public InetSocketAddress peerSocketAddress() {
    InetSocketAddress a = peerSocketAddress;
    if (a == null) {
      a = peer.toInetSocketAddress();
      peerSocketAddress = a;
    }
    return a;
  }

  /** When the binding stops relaying; the quarantine starts there. */
  public long expiresAtNanos() {
    return expiresAtNanos;
  }

  /** Whether the binding relays data at {@code now}. */
  public boolean isActive(long now) {
    return Deadlines.isPending(expiresAtNanos, now);
  }

  @Override
  public String toString() {
    return "ChannelBinding(0x" + Integer.toHexString(number) + " -> " + peer + ")";
  }
}

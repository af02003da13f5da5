package dev.ferry.turn.allocation;

/**
 * The relay socket of an allocation as this package sees it: an opaque handle the dispatch layer
 * supplies (wrapping a Netty channel and its pooled port), closed exactly once when the allocation
 * is released.
 */
public interface RelayEndpoint {
  /**
   * Closes the socket and returns its port to the pool. Called on the allocation's event loop; must
   * not block and must not throw.
   */
  void close();
}

package dev.ferry.turn.allocation;

/** Short names for test addresses. */
final class Peers {
  static final TransportAddress PEER_A = v4(192, 0, 2, 10, 5000);
  static final TransportAddress PEER_A_OTHER_PORT = v4(192, 0, 2, 10, 6000);
  static final TransportAddress PEER_B = v4(198, 51, 100, 20, 5000);
  static final TransportAddress PEER_V6 = TransportAddress.ipv6(0x2001_0db8_0000_0000L, 1L, 5000);

  private Peers() {}

  static TransportAddress v4(int a, int b, int c, int d, int port) {
    return TransportAddress.ipv4(a << 24 | b << 16 | c << 8 | d, port);
  }
}

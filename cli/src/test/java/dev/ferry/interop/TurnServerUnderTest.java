package dev.ferry.interop;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * A running TURN server that interop tests (browsers, coturn's client tools) relay through, so that
 * coturn and Ferry can be swapped without touching the tests. Implementations start on a free
 * loopback port (>= 1024, which Chromium requires) in a static factory and stop in {@link
 * #close()}.
 */
public interface TurnServerUnderTest extends AutoCloseable {

  /** Where the server listens for UDP (and TCP) TURN clients. */
  InetSocketAddress address();

  /** The ICE server URL a browser is given, e.g. {@code turn:127.0.0.1:40000?transport=udp}. */
  default String uri() {
    return "turn:"
        + address().getAddress().getHostAddress()
        + ":"
        + address().getPort()
        + "?transport=udp";
  }

  /** A user name the server accepts. */
  String username();

  /** The password (or REST credential) that goes with {@link #username()}. */
  String password();

  /** Where the server's relayed transport addresses come from. */
  RelayRange relayRange();

  /** The file the server logs to, quoted in failure messages. */
  Path log();

  /** Stops the server and waits, bounded, until it is gone. */
  @Override
  void close();
}

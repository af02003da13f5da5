package dev.ferry.interop.browser;

/**
 * A running TURN server that browser interop tests relay through, so that coturn and Ferry can be
 * swapped without touching the tests. Implementations start on a free loopback port (>= 1024, which
 * Chromium requires) in a static factory and stop in {@link #close()}.
 */
public interface TurnServerUnderTest extends AutoCloseable {

  /** The ICE server URL a browser is given, e.g. {@code turn:127.0.0.1:40000?transport=udp}. */
  String uri();

  /** A user name the server accepts. */
  String username();

  /** The password (or REST credential) that goes with {@link #username()}. */
  String password();

  /** Where the server's relayed transport addresses come from. */
  RelayRange relayRange();

  /** Stops the server and waits, bounded, until it is gone. */
  @Override
  void close();
}

package dev.ferry.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine's name for the TURN URIs printed to operators. */
final class Hostnames {
  private Hostnames() {}

  /** The host name, or {@code localhost} if the system cannot say. */
  static String local() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}

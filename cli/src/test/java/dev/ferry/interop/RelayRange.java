package dev.ferry.interop;

import java.net.InetAddress;

/** The address and port range a TURN server hands out as relayed transport addresses. */
public record RelayRange(InetAddress address, int minPort, int maxPort) {

  public RelayRange {
    if (minPort < 1024 || maxPort > 65535 || minPort > maxPort) {
      throw new IllegalArgumentException("bad relay port range " + minPort + "-" + maxPort);
    }
  }

  /** Whether a candidate's address and port could be one of this server's relayed addresses. */
  public boolean contains(String host, int port) {
    return address.getHostAddress().equals(host) && port >= minPort && port <= maxPort;
  }

  @Override
  public String toString() {
    return address.getHostAddress() + ":" + minPort + "-" + maxPort;
  }
}

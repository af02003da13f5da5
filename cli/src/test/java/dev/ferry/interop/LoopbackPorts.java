package dev.ferry.interop;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds loopback ports nobody holds. coturn binds with SO_REUSEPORT, so a second server on a busy
 * port would start and silently share traffic; a plain bind without that option detects it.
 */
public final class LoopbackPorts {

  /** 127.0.0.1, spelled out so that no IPv6 preference can turn it into ::1. */
  public static final InetAddress IPV4_LOOPBACK = ipv4Loopback();

  private static final int LOWEST = 20_000;
  private static final int HIGHEST = 60_000;
  private static final int ATTEMPTS = 200;

  private LoopbackPorts() {}

  /** A port free for both UDP and TCP on 127.0.0.1, at or above 1024 as Chromium requires. */
  public static int freeUdpAndTcpPort() {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
      if (udpFree(port) && tcpFree(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free loopback port after " + ATTEMPTS + " attempts");
  }

  /** A run of {@code count} consecutive UDP ports free on 127.0.0.1, avoiding {@code excluded}. */
  public static RelayRange freeUdpRange(int count, int excluded) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int first = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST - count);
      if (excluded >= first && excluded < first + count) {
        continue;
      }
      if (allUdpFree(first, count)) {
        return new RelayRange(IPV4_LOOPBACK, first, first + count - 1);
      }
    }
    throw new IllegalStateException("no free run of " + count + " UDP ports on loopback");
  }

  private static InetAddress ipv4Loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (IOException e) {
      throw new IllegalStateException("a four-byte address is always valid", e);
    }
  }

  private static boolean allUdpFree(int first, int count) {
    for (int port = first; port < first + count; port++) {
      if (!udpFree(port)) {
        return false;
      }
    }
    return true;
  }

  private static boolean udpFree(int port) {
    try (DatagramSocket socket = new DatagramSocket(null)) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(IPV4_LOOPBACK, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean tcpFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(IPV4_LOOPBACK, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}

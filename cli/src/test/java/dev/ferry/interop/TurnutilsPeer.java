package dev.ferry.interop;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * coturn's {@code turnutils_peer} on a free 127.0.0.1 port: the UDP peer that echoes every datagram
 * {@code turnutils_uclient} sends through the relay back to the relayed address.
 */
public final class TurnutilsPeer implements AutoCloseable {

  private static final Duration START_DEADLINE = Duration.ofSeconds(10);
  private static final Duration STOP_DEADLINE = Duration.ofSeconds(10);
  private static final int RETRANSMIT_MILLIS = 200;

  private final Process process;
  private final InetSocketAddress address;

  private TurnutilsPeer(Process process, InetSocketAddress address) {
    this.process = process;
    this.address = address;
  }

  /** Starts the peer and returns once it has echoed a probe datagram. */
  public static TurnutilsPeer start(Path log) throws IOException {
    Path binary = RequiredTool.TURNUTILS_PEER.require();
    Files.createDirectories(log.toAbsolutePath().getParent());
    int port = LoopbackPorts.freeUdpAndTcpPort();
    InetSocketAddress address = new InetSocketAddress(LoopbackPorts.IPV4_LOOPBACK, port);
    Process process =
        new ProcessBuilder(
                List.of(
                    binary.toString(),
                    "-L",
                    LoopbackPorts.IPV4_LOOPBACK.getHostAddress(),
                    "-p",
                    Integer.toString(port)))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    TurnutilsPeer peer = new TurnutilsPeer(process, address);
    boolean echoing;
    try {
      echoing = echoes(address, START_DEADLINE) && process.isAlive();
    } catch (IOException | RuntimeException e) {
      peer.close();
      throw e;
    }
    if (!echoing) {
      peer.close();
      throw new IllegalStateException(
          "turnutils_peer did not echo on "
              + address
              + " within "
              + START_DEADLINE
              + ":\n"
              + LogTail.of(log));
    }
    return peer;
  }

  /** The address uclient is told to send to ({@code -e}, {@code -r}). */
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public void close() {
    ProcessHandles.stop(process.toHandle(), STOP_DEADLINE);
  }

  private static boolean echoes(InetSocketAddress peer, Duration deadline) throws IOException {
    byte[] probe = "ferry-peer-probe".getBytes(StandardCharsets.US_ASCII);
    long end = System.nanoTime() + deadline.toNanos();
    try (DatagramSocket socket = new DatagramSocket(0, LoopbackPorts.IPV4_LOOPBACK)) {
      socket.setSoTimeout(RETRANSMIT_MILLIS);
      byte[] buffer = new byte[256];
      while (end - System.nanoTime() > 0) {
        socket.send(new DatagramPacket(probe, probe.length, peer));
        try {
          DatagramPacket echo = new DatagramPacket(buffer, buffer.length);
          socket.receive(echo);
          if (Arrays.equals(probe, Arrays.copyOf(buffer, echo.getLength()))) {
            return true;
          }
        } catch (SocketTimeoutException e) {
          // Not bound yet (or the probe was lost): send again.
        }
      }
    }
    return false;
  }
}

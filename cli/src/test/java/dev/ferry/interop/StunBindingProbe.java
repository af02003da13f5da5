package dev.ferry.interop;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Tells when a freshly started STUN/TURN server answers on UDP, by sending RFC 8489 Binding
 * requests (which need no credentials) until a success response with the same transaction ID
 * arrives.
 */
public final class StunBindingProbe {

  private static final int MAGIC_COOKIE = 0x2112A442;
  private static final short BINDING_REQUEST = 0x0001;
  private static final short BINDING_SUCCESS = 0x0101;
  private static final int RETRANSMIT_MILLIS = 250;

  private StunBindingProbe() {}

  /** Whether {@code server} answered a Binding request within {@code deadline}. */
  public static boolean answers(InetSocketAddress server, Duration deadline) throws IOException {
    byte[] transactionId = new byte[12];
    ThreadLocalRandom.current().nextBytes(transactionId);
    byte[] request =
        ByteBuffer.allocate(20)
            .putShort(BINDING_REQUEST)
            .putShort((short) 0)
            .putInt(MAGIC_COOKIE)
            .put(transactionId)
            .array();
    long end = System.nanoTime() + deadline.toNanos();
    try (DatagramSocket socket = new DatagramSocket(0, LoopbackPorts.IPV4_LOOPBACK)) {
      socket.setSoTimeout(RETRANSMIT_MILLIS);
      byte[] buffer = new byte[1500];
      while (end - System.nanoTime() > 0) {
        socket.send(new DatagramPacket(request, request.length, server));
        try {
          DatagramPacket response = new DatagramPacket(buffer, buffer.length);
          socket.receive(response);
          if (isSuccessFor(transactionId, ByteBuffer.wrap(buffer, 0, response.getLength()))) {
            return true;
          }
        } catch (SocketTimeoutException e) {
          // Nothing yet: the server may still be binding; send again.
        }
      }
    }
    return false;
  }

  private static boolean isSuccessFor(byte[] transactionId, ByteBuffer response) {
    if (response.remaining() < 20) {
      return false;
    }
    short type = response.getShort();
    response.getShort();
    int cookie = response.getInt();
    byte[] id = new byte[12];
    response.get(id);
    return type == BINDING_SUCCESS && cookie == MAGIC_COOKIE && Arrays.equals(id, transactionId);
  }
}

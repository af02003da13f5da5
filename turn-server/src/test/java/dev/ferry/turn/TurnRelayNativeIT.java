package dev.ferry.turn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.turn.config.UdpIo;
import dev.ferry.turn.nativeudp.NativeUdpRequired;
import dev.ferry.turn.nativeudp.WakeupCoalescing;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every flow of {@link TurnRelayIT} with the UDP sockets on libferryudp instead of Netty. */
class TurnRelayNativeIT extends TurnRelayIT {
  @BeforeEach
  void requireNativeUdp() {
    NativeUdpRequired.check();
  }

  @Override
  UdpIo udpIo() {
    return UdpIo.NATIVE;
  }

  @Test
  void burstsReadInOneRoundAtASustainedRate_pauseTheLoopAndEveryDatagramStillArrivesInOrder()
      throws Exception {
    Udp client = clientWithChannelTo(0x4003); // io-coalesce-us at its default
    client.socket.setReceiveBufferSize(1 << 20);
    DatagramSocket peer = boundPeer;
    InetSocketAddress relayed = boundRelay;

    // Each burst waits on the relay socket while the server's only loop is held, so one round
    // reads all of it; bursts follow each other fast enough (96 per millisecond or two) for the
    // loop to judge the rate sustained and pause after such a round. A slow machine just needs
    // more bursts; every datagram of every burst must arrive whole and in order.
    int perBurst = 4 * WakeupCoalescing.BUSY_ROUND;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int bursts = 0;
    while (pauses() == 0 && bursts < 2_000 && System.nanoTime() < deadline) {
      holdLoopWhile(
          () -> {
            for (int i = 0; i < perBurst; i++) {
              peer.send(new DatagramPacket(numbered(i), 200, relayed));
            }
          });
      for (int i = 0; i < perBurst; i++) {
        byte[] channelData = client.receive();
        assertThat(channelData.length).as("burst %d, datagram %d", bursts, i).isEqualTo(204);
        assertThat(Arrays.copyOfRange(channelData, 4, 204))
            .as("burst %d, datagram %d", bursts, i)
            .isEqualTo(numbered(i));
      }
      bursts++;
      if (bursts % 20 == 0) {
        Thread.sleep(1); // a pause is counted when it ends; let the last one finish
      }
    }

    assertThat(pauses()).as("pauses after %d bursts", bursts).isPositive();
    assertThat(server.meterRegistry().get("turn.io.coalesce.paused").functionCounter().count())
        .isPositive();
  }

  private interface Sending {
    void send() throws IOException;
  }

  private void holdLoopWhile(Sending sending) throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    server
        .eventLoops()
        .next()
        .execute(
            () -> {
              holding.countDown();
              awaitQuietly(release);
            });
    assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
    try {
      sending.send();
    } finally {
      release.countDown();
    }
  }

  private double pauses() {
    return server.meterRegistry().get("turn.io.coalesce.pauses").functionCounter().count();
  }

  private static byte[] numbered(int i) {
    byte[] payload = new byte[200];
    Arrays.fill(payload, (byte) i);
    return payload;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

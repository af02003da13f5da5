package dev.ferry.turn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.stun.StunMethod;
import dev.ferry.stun.attribute.ErrorCode;
import dev.ferry.turn.config.UdpIo;
import dev.ferry.turn.nativeudp.NativeUdpRequired;
import dev.ferry.turn.nativeudp.WakeupCoalescing;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
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
  void burstReadInOneRound_pausesTheLoopAndStillRelaysEveryDatagramInOrder() throws Exception {
    InetSocketAddress at = start("127.0.0.1", true, 10); // io-coalesce-us at its default
    Udp client = new Udp(at, new TurnClient("alice", "alice-pass")).login();
    InetSocketAddress relayed = client.allocate();
    client.socket.setReceiveBufferSize(1 << 20);
    DatagramSocket peer = socket(InetAddress.getByName("127.0.0.1"));
    InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
    assertThat(
            ErrorCode.code(
                client.call(
                    StunMethod.CHANNEL_BIND,
                    w -> w.channelNumber(0x4003).xorPeerAddress(peerAddress))))
        .isNegative();

    // Hold the server's only loop while the burst queues on the relay socket, so that one round
    // reads all of it: a busy round, after which the loop pauses before polling again.
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
    int count = 2 * WakeupCoalescing.BUSY_ROUND;
    for (int i = 0; i < count; i++) {
      peer.send(new DatagramPacket(numbered(i), 200, relayed));
    }
    release.countDown();

    for (int i = 0; i < count; i++) {
      byte[] channelData = client.receive();
      assertThat(channelData.length).as("datagram %d", i).isEqualTo(204);
      assertThat(Arrays.copyOfRange(channelData, 4, 204))
          .as("datagram %d", i)
          .isEqualTo(numbered(i));
    }
    // The pause is counted when it ends, after the round's datagrams left.
    assertThat(pausesWithin(5_000)).isGreaterThanOrEqualTo(1);
    assertThat(server.meterRegistry().get("turn.io.coalesce.paused").functionCounter().count())
        .isPositive();
  }

  private double pausesWithin(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    double pauses;
    while ((pauses =
                server.meterRegistry().get("turn.io.coalesce.pauses").functionCounter().count())
            == 0
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return pauses;
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

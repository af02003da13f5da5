package dev.ferry.turn.nativeudp;

import static dev.ferry.turn.nativeudp.Loopback.bytesOf;
import static dev.ferry.turn.nativeudp.Loopback.direct;
import static dev.ferry.turn.nativeudp.Loopback.pattern;
import static dev.ferry.turn.nativeudp.Loopback.queue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** UDP GSO trains and kernel refusals through a real socket, checked by a JDK receiver. */
class SendBatchIT {
  private static final int EINVAL = 22;

  private EpollLoop epoll;
  private NativeUdpSocket socket;
  private DatagramChannel peer;
  private InetSocketAddress peerAddress;

  @BeforeEach
  void open() throws Exception {
    epoll = new EpollLoop();
    socket = epoll.open("127.0.0.1", new CollectingHandler(), 1, 64);
    peer = Loopback.jdkPeer("127.0.0.1");
    peerAddress = (InetSocketAddress) peer.getLocalAddress();
  }

  @AfterEach
  void close() throws Exception {
    socket.closeAsync().sync();
    peer.close();
    epoll.close();
  }

  /** Queues one GSO train and flushes it; returns the batch's refusal count afterwards. */
  private long sendTrain(byte[] train, int segmentSize) throws Exception {
    return epoll.call(
        () -> {
          queue(socket.outbound(), direct(train), peerAddress, segmentSize);
          socket.flush();
          return socket.outbound().refusedCount();
        });
  }

  @Test
  void gsoTrain_fiveSegmentsOf1000_arriveAsFiveDatagrams() throws Exception {
    byte[] train = pattern(5_000, 9);

    long refused = sendTrain(train, 1_000);

    assumeTrue(refused == 0, "kernel refused UDP_SEGMENT");
    for (int i = 0; i < 5; i++) {
      assertThat(bytesOf(Loopback.receive(peer)))
          .isEqualTo(Arrays.copyOfRange(train, i * 1_000, (i + 1) * 1_000));
    }
  }

  @Test
  void gsoTrain_shortLastSegment_arrivesShort() throws Exception {
    byte[] train = pattern(4_500, 13);

    long refused = sendTrain(train, 1_000);

    assumeTrue(refused == 0, "kernel refused UDP_SEGMENT");
    for (int i = 0; i < 4; i++) {
      assertThat(bytesOf(Loopback.receive(peer)))
          .isEqualTo(Arrays.copyOfRange(train, i * 1_000, (i + 1) * 1_000));
    }
    assertThat(bytesOf(Loopback.receive(peer))).isEqualTo(Arrays.copyOfRange(train, 4_000, 4_500));
  }

  @Test
  void gsoTrain_overIpv6_arrivesAsSeparateDatagrams() throws Exception {
    try (DatagramChannel peer6 = Loopback.jdkPeer("::1")) {
      NativeUdpSocket socket6 = epoll.open("::1", new CollectingHandler(), 1, 64);
      byte[] train = pattern(3_000, 17);
      long refused =
          epoll.call(
              () -> {
                queue(
                    socket6.outbound(),
                    direct(train),
                    (InetSocketAddress) peer6.getLocalAddress(),
                    1_200);
                socket6.flush();
                return socket6.outbound().refusedCount();
              });

      assumeTrue(refused == 0, "kernel refused UDP_SEGMENT over IPv6");
      assertThat(bytesOf(Loopback.receive(peer6))).isEqualTo(Arrays.copyOfRange(train, 0, 1_200));
      assertThat(bytesOf(Loopback.receive(peer6)))
          .isEqualTo(Arrays.copyOfRange(train, 1_200, 2_400));
      assertThat(bytesOf(Loopback.receive(peer6)))
          .isEqualTo(Arrays.copyOfRange(train, 2_400, 3_000));
      socket6.closeAsync().sync();
    }
  }

  @Test
  void flush_datagramToPortZero_isRefusedCountedAndTheNextOneStillGoesOut() throws Exception {
    InetSocketAddress portZero = new InetSocketAddress(peerAddress.getAddress(), 0);

    long[] counts =
        epoll.call(
            () -> {
              queue(socket.outbound(), direct(pattern(10, 1)), portZero, 0);
              queue(socket.outbound(), direct(pattern(20, 2)), peerAddress, 0);
              boolean drained = socket.flush();
              SendBatch out = socket.outbound();
              return new long[] {
                drained ? 1 : 0, out.refusedCount(), out.lastRefusedErrno(), out.sentCount()
              };
            });

    assertThat(counts).containsExactly(1, 1, EINVAL, 1);
    assertThat(bytesOf(Loopback.receive(peer))).isEqualTo(pattern(20, 2));
  }

  @Test
  void flush_gsoTrainWithTooManySegments_isRefusedAndTheNextOneStillGoesOut() throws Exception {
    long[] counts =
        epoll.call(
            () -> {
              // 600 segments of 10 bytes: more than the kernel's UDP_MAX_SEGMENTS.
              queue(socket.outbound(), direct(pattern(6_000, 1)), peerAddress, 10);
              queue(socket.outbound(), direct(pattern(30, 4)), peerAddress, 0);
              boolean drained = socket.flush();
              SendBatch out = socket.outbound();
              return new long[] {drained ? 1 : 0, out.refusedCount(), out.sentCount()};
            });

    assertThat(counts).containsExactly(1, 1, 1);
    assertThat(bytesOf(Loopback.receive(peer))).isEqualTo(pattern(30, 4));
  }
}

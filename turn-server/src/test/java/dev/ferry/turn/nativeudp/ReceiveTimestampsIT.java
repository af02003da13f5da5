package dev.ferry.turn.nativeudp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SIOCGSTAMPNS over 127.0.0.1: the kernel's receive time, not the reader's. */
class ReceiveTimestampsIT {
  private static final long LATE_READ_NANOS = TimeUnit.MILLISECONDS.toNanos(40);

  private int fd = -1;
  private InetSocketAddress local;
  private final ByteBuffer region = ByteBuffer.allocateDirect(2048);
  private final ByteBuffer meta = ByteBuffer.allocateDirect(64);

  @BeforeEach
  void openSocket() throws Exception {
    NativeUdpRequired.check();
    fd = NativeMethods.openSocket(NativeMethods.FAMILY_IPV4, false);
    assertThat(fd).isNotNegative();
    byte[] loopback = InetAddress.getLoopbackAddress().getAddress();
    assertThat(NativeMethods.bind(fd, loopback, 0, 0)).isZero();
    byte[] address = new byte[16];
    int port = NativeMethods.localAddress(fd, address) & 0xffff;
    local = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  @AfterEach
  void closeSocket() {
    if (fd >= 0) {
      NativeMethods.close(fd);
    }
  }

  private int receiveOne() {
    return NativeMethods.recvmmsg(
        fd,
        NativeMethods.directBufferAddress(region),
        region.capacity(),
        region.capacity(),
        NativeMethods.directBufferAddress(meta),
        meta.capacity(),
        1);
  }

  @Test
  void lastReceived_isWhenTheKernelTookTheDatagram_notWhenItWasRead() throws Exception {
    assertThat(ReceiveTimestamps.enable(fd)).isTrue();
    try (DatagramChannel sender = DatagramChannel.open()) {
      // The kernel turns its timestamping on lazily after the first enable: retry a few times.
      long stamp = -1;
      long sentAt = 0;
      long readAt = 0;
      for (int attempt = 0; attempt < 20; attempt++) {
        sentAt = ReceiveTimestamps.realtimeNanos();
        sender.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), local);
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(LATE_READ_NANOS));
        readAt = ReceiveTimestamps.realtimeNanos();
        assertThat(receiveOne()).isEqualTo(1);
        stamp = ReceiveTimestamps.lastReceived(fd);
        if (stamp - sentAt < LATE_READ_NANOS / 2) {
          break;
        }
      }
      assertThat(stamp).isBetween(sentAt, sentAt + LATE_READ_NANOS / 2);
      assertThat(readAt - stamp).isGreaterThanOrEqualTo(LATE_READ_NANOS / 2);
    }
  }

  @Test
  void enable_onADescriptorThatIsNotASocket_isFalse() {
    assertThat(ReceiveTimestamps.enable(-1)).isFalse();
  }

  @Test
  void lastReceived_onADescriptorThatIsNotASocket_isMinusOne() {
    assertThat(ReceiveTimestamps.lastReceived(-1)).isEqualTo(-1);
  }

  @Test
  void realtimeNanos_isTheWallClock() {
    long wall = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    assertThat(ReceiveTimestamps.realtimeNanos() - wall)
        .isBetween(-TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(1));
  }
}

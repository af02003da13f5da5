package dev.ferry.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.stun.StunMethod;
import dev.ferry.stun.attribute.ErrorCode;
import dev.ferry.turn.config.UdpIo;
import dev.ferry.turn.nativeudp.NativeUdp;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every flow of {@link TurnRelayIT} with the UDP sockets on libferryudp instead of Netty. */
class TurnRelayNativeIT extends TurnRelayIT {
  @BeforeEach
  void requireNativeUdp() {
    // Where a C compiler exists the build produced the library, so its absence is a failure.
    assumeTrue(Files.exists(Path.of("/usr/bin/cc")), "no C compiler: libferryudp not built");
    assertThat(NativeUdp.unavailabilityCause()).isNull();
  }

  @Override
  UdpIo udpIo() {
    return UdpIo.NATIVE;
  }

  // Only libferryudp sees the cut (MSG_TRUNC); Netty's channels hand over the first 2048 bytes.
  @Test
  void peerDatagramLongerThanTheReadSize_isDroppedNotRelayedCut() throws IOException {
    InetSocketAddress at = start("127.0.0.1", true, 10);
    Udp client = new Udp(at, new TurnClient("alice", "alice-pass")).login();
    InetSocketAddress relayed = client.allocate();
    DatagramSocket peer = socket(InetAddress.getByName("127.0.0.1"));
    InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
    assertThat(
            ErrorCode.code(
                client.call(
                    StunMethod.CHANNEL_BIND,
                    w -> w.channelNumber(0x4003).xorPeerAddress(peerAddress))))
        .isNegative();
    byte[] oversized = new byte[3000]; // the server reads at most 2048 bytes of a datagram
    Arrays.fill(oversized, (byte) 5);

    peer.send(new DatagramPacket(oversized, oversized.length, relayed));
    peer.send(new DatagramPacket(BACK, BACK.length, relayed));

    byte[] channelData = client.receive();
    assertThat(channelData).hasSize(4 + BACK.length);
    assertThat(Arrays.copyOfRange(channelData, 4, channelData.length)).isEqualTo(BACK);
  }
}

package dev.ferry.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.stun.DecodeStatus;
import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.StunWriter;
import dev.ferry.stun.attribute.Software;
import dev.ferry.stun.attribute.XorMappedAddress;
import dev.ferry.turn.config.ServerConfig;
import dev.ferry.turn.config.TransportPreference;
import dev.ferry.turn.config.UdpIo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real sockets on loopback: the server answers Binding over UDP and TCP and survives garbage. */
class TurnServerIT {
  private static final int TIMEOUT_MS = 5_000;
  private TurnServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  private TurnServer start(String... ips) throws IOException {
    List<InetAddress> addresses = new java.util.ArrayList<>();
    for (String ip : ips) {
      addresses.add(InetAddress.getByName(ip));
    }
    server =
        TurnServer.start(
            ServerConfig.defaults()
                .withListeningIps(addresses)
                .withPort(0)
                .withIoThreads(2)
                .withAdminAddress(null));
    return server;
  }

  private static byte[] bindingRequest(int seed) {
    ByteBuf buf = Unpooled.buffer(64);
    try {
      byte[] id = new byte[12];
      id[0] = (byte) seed;
      id[11] = (byte) (seed >> 8);
      new StunWriter().begin(buf, StunMethod.BINDING, MessageClass.REQUEST, id).fingerprint();
      return ByteBufUtil.getBytes(buf);
    } finally {
      buf.release();
    }
  }

  private static StunMessage wrapSuccess(byte[] bytes, int length, ByteBuf holder) {
    StunMessage message = new StunMessage();
    assertThat(message.wrap(holder)).isEqualTo(DecodeStatus.OK);
    assertThat(message.messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
    return message;
  }

  private static InetSocketAddress udpRoundTrip(DatagramSocket socket, InetSocketAddress to)
      throws IOException {
    byte[] request = bindingRequest(1);
    socket.send(new DatagramPacket(request, request.length, to));
    byte[] in = new byte[1500];
    DatagramPacket packet = new DatagramPacket(in, in.length);
    socket.receive(packet);
    ByteBuf buf = Unpooled.wrappedBuffer(in, 0, packet.getLength());
    try {
      StunMessage message = wrapSuccess(in, packet.getLength(), buf);
      assertThat(message.transactionIdEquals(java.util.Arrays.copyOfRange(request, 8, 20)))
          .isTrue();
      assertThat(Software.read(message)).isEqualTo(FerryVersion.software());
      return XorMappedAddress.read(message);
    } finally {
      buf.release();
    }
  }

  private static InetSocketAddress tcpRoundTrip(Socket socket) throws IOException {
    socket.getOutputStream().write(bindingRequest(2));
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] header = new byte[20];
    in.readFully(header);
    int length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
    byte[] frame = java.util.Arrays.copyOf(header, 20 + length);
    in.readFully(frame, 20, length);
    ByteBuf buf = Unpooled.wrappedBuffer(frame);
    try {
      return XorMappedAddress.read(wrapSuccess(frame, frame.length, buf));
    } finally {
      buf.release();
    }
  }

  private double dropped(String reason, String transport) {
    return server
        .meterRegistry()
        .get("stun.messages.dropped")
        .tags("reason", reason, "transport", transport)
        .counter()
        .count();
  }

  @Test
  void start_udpIoNativeOnNio_failsNamingTheSettingAndTheReason() throws IOException {
    ServerConfig config =
        ServerConfig.defaults()
            .withListeningIps(List.of(InetAddress.getByName("127.0.0.1")))
            .withPort(0)
            .withIoThreads(1)
            .withAdminAddress(null)
            .withTransport(TransportPreference.NIO)
            .withUdpIo(UdpIo.NATIVE);

    assertThatThrownBy(() -> server = TurnServer.start(config))
        .isInstanceOf(ServerStartException.class)
        .hasMessageContaining("udp-io native is unavailable")
        .hasMessageContaining("needs the epoll transport, not nio");
  }

  @Test
  void start_udpIoAutoOnNio_fallsBackToNettyAndServesUdp() throws IOException {
    server =
        TurnServer.start(
            ServerConfig.defaults()
                .withListeningIps(List.of(InetAddress.getByName("127.0.0.1")))
                .withPort(0)
                .withIoThreads(1)
                .withAdminAddress(null)
                .withTransport(TransportPreference.NIO));
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      socket.setSoTimeout(TIMEOUT_MS);

      assertThat(udpRoundTrip(socket, server.udpAddresses().get(0)))
          .isEqualTo(socket.getLocalSocketAddress());
    }
  }

  @Test
  void udpBinding_ipv4Loopback_returnsClientAddress() throws IOException {
    start("127.0.0.1");
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      socket.setSoTimeout(TIMEOUT_MS);

      assertThat(udpRoundTrip(socket, server.udpAddresses().get(0)))
          .isEqualTo(socket.getLocalSocketAddress());
    }
  }

  @Test
  void udpBinding_ipv6Loopback_returnsClientAddress() throws IOException {
    assumeTrue(ipv6LoopbackUsable(), "::1 not available on this host");
    start("::1");
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName("::1"))) {
      socket.setSoTimeout(TIMEOUT_MS);

      assertThat(udpRoundTrip(socket, server.udpAddresses().get(0)))
          .isEqualTo(socket.getLocalSocketAddress());
    }
  }

  @Test
  void tcpBinding_ipv4AndIpv6Loopback_returnConnectionRemoteAddress() throws IOException {
    boolean v6 = ipv6LoopbackUsable();
    if (v6) {
      start("127.0.0.1", "::1");
    } else {
      start("127.0.0.1");
    }
    for (InetSocketAddress address : server.tcpAddresses()) {
      try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
        socket.setSoTimeout(TIMEOUT_MS);

        assertThat(tcpRoundTrip(socket)).isEqualTo(socket.getLocalSocketAddress());
      }
    }
    assertThat(server.tcpAddresses()).hasSize(v6 ? 2 : 1);
  }

  @Test
  void udpGarbage_isDroppedAndCountedWhileValidRequestIsAnswered() throws IOException {
    start("127.0.0.1");
    InetSocketAddress target = server.udpAddresses().get(0);
    try (DatagramSocket attacker = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"));
        DatagramSocket client = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      client.setSoTimeout(TIMEOUT_MS);
      byte[] garbage = {(byte) 0xFF, 1, 2, 3, 4, 5, 6, 7};
      byte[] truncated = java.util.Arrays.copyOf(bindingRequest(3), 24);
      for (int i = 0; i < 50; i++) {
        attacker.send(new DatagramPacket(garbage, garbage.length, target));
        attacker.send(new DatagramPacket(truncated, truncated.length, target));
      }

      assertThat(udpRoundTrip(client, target)).isEqualTo(client.getLocalSocketAddress());
      // The answer to the client proves the loop is alive; the drops reach the counters on the
      // server's loops, which may run after the reply: wait (bounded) for all 100 to be counted.
      awaitCount(() -> dropped("other_protocol", "udp") + dropped("bad_length", "udp"), 100);
      assertThat(dropped("other_protocol", "udp")).isEqualTo(50.0);
      assertThat(dropped("bad_length", "udp")).isEqualTo(50.0);
    }
  }

  @Test
  void tcpGarbageFrame_closesThatConnectionOnlyAndIsCounted() throws IOException {
    start("127.0.0.1");
    InetSocketAddress target = server.tcpAddresses().get(0);
    try (Socket good = new Socket(target.getAddress(), target.getPort());
        Socket bad = new Socket(target.getAddress(), target.getPort())) {
      good.setSoTimeout(TIMEOUT_MS);
      bad.setSoTimeout(TIMEOUT_MS);
      // A STUN header announcing 65535 bytes: above the 65539-byte frame cap with the header.
      byte[] oversize = bindingRequest(4);
      oversize[2] = (byte) 0xFF;
      oversize[3] = (byte) 0xFC;
      bad.getOutputStream().write(java.util.Arrays.copyOf(oversize, 20));

      assertThat(bad.getInputStream().read()).as("closed by the server").isEqualTo(-1);
      assertThat(tcpRoundTrip(good)).isEqualTo(good.getLocalSocketAddress());
      awaitCount(() -> dropped("bad_frame", "tcp"), 1);
      assertThat(dropped("bad_frame", "tcp")).isEqualTo(1.0);
    }
  }

  private static void awaitCount(java.util.function.DoubleSupplier count, double expected) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (count.getAsDouble() < expected && System.nanoTime() - deadline < 0) {
      Thread.onSpinWait();
    }
  }

  private static boolean ipv6LoopbackUsable() {
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName("::1"))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}

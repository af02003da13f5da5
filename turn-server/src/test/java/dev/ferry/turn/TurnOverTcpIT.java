package dev.ferry.turn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.auth.AuthConfig;
import dev.ferry.auth.Realm;
import dev.ferry.auth.StaticUsers;
import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.StunWriter;
import dev.ferry.stun.attribute.Data;
import dev.ferry.stun.attribute.ErrorCode;
import dev.ferry.stun.attribute.Lifetime;
import dev.ferry.stun.attribute.XorMappedAddress;
import dev.ferry.stun.attribute.XorPeerAddress;
import dev.ferry.stun.attribute.XorRelayedAddress;
import dev.ferry.turn.config.PeerPolicySettings;
import dev.ferry.turn.config.ServerConfig;
import dev.ferry.turn.config.TurnConfig;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TURN over a TCP control connection on loopback (RFC 8656 §5): every method on one connection,
 * relayed to a real UDP peer (server-to-peer is always UDP, §3.1), ChannelData padded on the stream
 * both ways (§12.5), and the allocation released when the connection closes.
 */
class TurnOverTcpIT {
  private static final int TIMEOUT_MS = 5_000;
  private static final String REALM = "ferry.it";

  /** Five bytes: ChannelData carrying them needs three bytes of padding on a stream. */
  private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

  private static final byte[] BACK = "back!".getBytes(StandardCharsets.US_ASCII);

  private TurnServer server;
  private InetSocketAddress at;
  private DatagramSocket peer;
  private InetSocketAddress peerAddress;

  @BeforeEach
  void start() throws IOException {
    Realm realm = new Realm(REALM);
    int base = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
    TurnConfig turn =
        TurnConfig.defaults()
            .withAuth(
                AuthConfig.defaults(realm)
                    .withStaticUsers(StaticUsers.parse(realm, List.of("alice:alice-pass"))))
            .withPeers(new PeerPolicySettings(List.of(), List.of(), true, false))
            .withPortRange(base, base + 20);
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    server =
        TurnServer.start(
            ServerConfig.defaults()
                .withListeningIps(List.of(loopback))
                .withPort(0)
                .withIoThreads(1)
                .withProtocols(false, true)
                .withTurn(turn));
    at = server.tcpAddresses().get(0);
    peer = new DatagramSocket(new InetSocketAddress(loopback, 0));
    peer.setSoTimeout(TIMEOUT_MS);
    peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
  }

  @AfterEach
  void stop() {
    peer.close();
    server.stop();
  }

  /** One TCP control connection: writes messages, reads frames by their first byte. */
  private static final class Connection implements AutoCloseable {
    final Socket socket;
    final OutputStream out;
    final DataInputStream in;
    final TurnClient turn = new TurnClient("alice", "alice-pass");

    Connection(InetSocketAddress server) throws IOException {
      socket = new Socket();
      socket.setSoTimeout(TIMEOUT_MS);
      socket.setTcpNoDelay(true);
      socket.connect(server, TIMEOUT_MS);
      out = socket.getOutputStream();
      in = new DataInputStream(socket.getInputStream());
    }

    void send(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }

    /**
     * The next frame (RFC 8656 §12 Table 3): a STUN message of 20 + Length bytes, or ChannelData of
     * 4 + Length bytes rounded up to a multiple of four, returned with its padding.
     */
    byte[] frame() throws IOException {
      byte[] header = new byte[4];
      in.readFully(header);
      int first = header[0] & 0xFF;
      int length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
      int total;
      if (first <= 0x03) {
        total = 20 + length;
      } else if (first >= 0x40 && first <= 0x4F) {
        total = (4 + length + 3) & ~3;
      } else {
        throw new AssertionError("unframeable first byte " + first);
      }
      byte[] frame = Arrays.copyOf(header, total);
      in.readFully(frame, 4, total - 4);
      return frame;
    }

    StunMessage call(int method, Consumer<StunWriter> attributes) throws IOException {
      send(TurnClient.drain(turn.request(method, attributes)));
      return TurnClient.wrap(frame());
    }

    /** 401, then an authenticated Allocate; returns the relayed address. */
    InetSocketAddress allocate() throws IOException {
      send(TurnClient.drain(turn.request(StunMethod.ALLOCATE, w -> w.requestedTransport(17))));
      byte[] challenge = frame();
      assertThat(ErrorCode.code(TurnClient.wrap(challenge))).isEqualTo(401);
      assertThat(turn.learn(challenge)).isTrue();
      StunMessage m = call(StunMethod.ALLOCATE, w -> w.requestedTransport(17));
      assertThat(ErrorCode.code(m)).as("allocate").isNegative();
      assertThat(XorMappedAddress.read(m)).isEqualTo(socket.getLocalSocketAddress());
      return XorRelayedAddress.read(m);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private byte[] receiveAtPeer(InetSocketAddress expectedFrom) throws IOException {
    byte[] buf = new byte[2048];
    DatagramPacket packet = new DatagramPacket(buf, buf.length);
    peer.receive(packet);
    assertThat(packet.getSocketAddress()).isEqualTo(expectedFrom);
    return Arrays.copyOf(buf, packet.getLength());
  }

  private void sendFromPeer(byte[] payload, InetSocketAddress relayed) throws IOException {
    peer.send(new DatagramPacket(payload, payload.length, relayed));
  }

  private static byte[] paddedChannelData(int channel, byte[] payload) {
    byte[] frame = new byte[(4 + payload.length + 3) & ~3];
    frame[0] = (byte) (channel >>> 8);
    frame[1] = (byte) channel;
    frame[2] = (byte) (payload.length >>> 8);
    frame[3] = (byte) payload.length;
    System.arraycopy(payload, 0, frame, 4, payload.length);
    return frame;
  }

  @Test
  void oneConnection_everyMethodRelaysOverUdpAndRefreshZeroEnds() throws Exception {
    try (Connection tcp = new Connection(at)) {
      InetSocketAddress relayed = tcp.allocate();

      StunMessage permitted =
          tcp.call(StunMethod.CREATE_PERMISSION, w -> w.xorPeerAddress(peerAddress));
      assertThat(permitted.messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);

      tcp.send(
          TurnClient.drain(
              tcp.turn.indication(
                  StunMethod.SEND,
                  w -> w.xorPeerAddress(peerAddress).data(Unpooled.wrappedBuffer(HELLO)))));
      assertThat(receiveAtPeer(relayed)).isEqualTo(HELLO);

      sendFromPeer(BACK, relayed);
      StunMessage data = TurnClient.wrap(tcp.frame());
      assertThat(data.method()).isEqualTo(StunMethod.DATA);
      assertThat(data.messageClass()).isEqualTo(MessageClass.INDICATION);
      assertThat(XorPeerAddress.read(data)).isEqualTo(peerAddress);
      assertThat(ByteBufUtil.getBytes(Data.read(data))).isEqualTo(BACK);

      StunMessage bound =
          tcp.call(
              StunMethod.CHANNEL_BIND, w -> w.channelNumber(0x4000).xorPeerAddress(peerAddress));
      assertThat(bound.messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);

      tcp.send(paddedChannelData(0x4000, HELLO));
      assertThat(receiveAtPeer(relayed)).isEqualTo(HELLO);

      sendFromPeer(BACK, relayed);
      byte[] channelData = tcp.frame();
      // §12.5: over TCP the server pads ChannelData to a multiple of four (Length excludes it).
      assertThat(channelData).hasSize(12);
      assertThat(Arrays.copyOf(channelData, 4)).containsExactly(0x40, 0x00, 0x00, BACK.length);
      assertThat(Arrays.copyOfRange(channelData, 4, 9)).isEqualTo(BACK);
      assertThat(Arrays.copyOfRange(channelData, 9, 12)).containsExactly(0, 0, 0);

      // The next answer starts exactly after the padding: the stream is still framed.
      StunMessage deleted = tcp.call(StunMethod.REFRESH, w -> w.lifetime(0));
      assertThat(deleted.messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
      assertThat(Lifetime.read(deleted)).isZero();
      assertThat(activeAllocations()).isZero();
      assertFreedEventually(relayed);
    }
  }

  @Test
  void connectionClosed_releasesAllocationAndRelayPort() throws Exception {
    InetSocketAddress relayed;
    try (Connection tcp = new Connection(at)) {
      relayed = tcp.allocate();
      assertThat(activeAllocations()).isEqualTo(1);
    }
    // §5: the allocation's 5-tuple ends with the connection. The server's loop sees the close
    // asynchronously; wait for it (bounded), then check the relay port is free again.
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
    while (activeAllocations() != 0 && System.nanoTime() - deadline < 0) {
      Thread.sleep(5);
    }
    assertThat(activeAllocations()).isZero();
    assertFreedEventually(relayed);
  }

  /**
   * The relay port can be bound again. The server closes the relay socket before it answers, but
   * io_uring closes the descriptor only once the socket's pending receive is cancelled, so the port
   * comes back a moment later: retry the bind until a deadline.
   */
  private static void assertFreedEventually(InetSocketAddress relayed) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
    while (true) {
      try {
        new DatagramSocket(relayed).close();
        return;
      } catch (BindException stillBound) {
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError("relay port " + relayed + " still bound", stillBound);
        }
        Thread.sleep(5);
      }
    }
  }

  private double activeAllocations() {
    return server.meterRegistry().get("turn.allocations.active").gauge().value();
  }
}

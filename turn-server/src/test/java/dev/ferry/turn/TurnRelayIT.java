package dev.ferry.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.auth.AuthConfig;
import dev.ferry.auth.Realm;
import dev.ferry.auth.SharedSecrets;
import dev.ferry.auth.StaticUsers;
import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.StunWriter;
import dev.ferry.stun.attribute.Data;
import dev.ferry.stun.attribute.ErrorCode;
import dev.ferry.stun.attribute.Lifetime;
import dev.ferry.stun.attribute.XorPeerAddress;
import dev.ferry.stun.attribute.XorRelayedAddress;
import dev.ferry.turn.allocation.AllocationLimits;
import dev.ferry.turn.config.PeerPolicySettings;
import dev.ferry.turn.config.ServerConfig;
import dev.ferry.turn.config.TransportPreference;
import dev.ferry.turn.config.TurnConfig;
import dev.ferry.turn.config.UdpIo;
import dev.ferry.turn.transport.NativeAvailability;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** TURN over UDP end to end on loopback: real client, peer and relay sockets. */
class TurnRelayIT {
  private static final int TIMEOUT_MS = 5_000;
  private static final String REALM = "ferry.it";
  private static final String SECRET = "rest-secret";
  private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);
  static final byte[] BACK = "back!".getBytes(StandardCharsets.US_ASCII);

  TurnServer server;
  private final List<DatagramSocket> sockets = new java.util.ArrayList<>();
  // The peer and relayed address of clientWithChannelTo's allocation.
  DatagramSocket boundPeer;
  InetSocketAddress boundRelay;

  @AfterEach
  void stop() {
    sockets.forEach(DatagramSocket::close);
    if (server != null) {
      server.stop();
    }
  }

  /** Which UDP layer the server runs on; {@link TurnRelayNativeIT} runs the same flows natively. */
  UdpIo udpIo() {
    return UdpIo.NETTY;
  }

  InetSocketAddress start(String listen, boolean allowLoopback, int maxPerUser) throws IOException {
    return start(listen, allowLoopback, maxPerUser, TransportPreference.AUTO);
  }

  private InetSocketAddress start(
      String listen, boolean allowLoopback, int maxPerUser, TransportPreference transport)
      throws IOException {
    Realm realm = new Realm(REALM);
    AuthConfig auth =
        AuthConfig.defaults(realm)
            .withStaticUsers(StaticUsers.parse(realm, List.of("alice:alice-pass", "bob:bob-pass")))
            .withRestSecrets(SharedSecrets.ofUtf8(SECRET), ':');
    int base = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
    AllocationLimits limits =
        new AllocationLimits(
            AllocationLimits.DEFAULTS.lifetimes(),
            16,
            16,
            maxPerUser,
            100,
            AllocationLimits.DEFAULTS.transactionTtl(),
            1024);
    TurnConfig turn =
        TurnConfig.defaults()
            .withAuth(auth)
            .withPeers(new PeerPolicySettings(List.of(), List.of(), allowLoopback, false))
            .withPortRange(base, base + 40);
    turn =
        new TurnConfig(
            turn.auth(),
            turn.lifetimes(),
            limits,
            turn.peers(),
            turn.minPort(),
            turn.maxPort(),
            turn.relayIps(),
            turn.externalIps(),
            100,
            100);
    server =
        TurnServer.start(
            ServerConfig.defaults()
                .withListeningIps(List.of(InetAddress.getByName(listen)))
                .withPort(0)
                .withIoThreads(1)
                .withProtocols(true, false)
                .withAdminAddress(null)
                .withTransport(transport)
                .withUdpIo(udpIo())
                .withTurn(turn));
    return server.udpAddresses().get(0);
  }

  /** A UDP client socket speaking TURN through {@link TurnClient}. */
  final class Udp {
    final DatagramSocket socket;
    final InetSocketAddress serverAddress;
    final TurnClient turn;

    Udp(InetSocketAddress serverAddress, TurnClient turn) throws IOException {
      this.socket = socket(serverAddress.getAddress());
      this.serverAddress = serverAddress;
      this.turn = turn;
    }

    void send(ByteBuf message) throws IOException {
      byte[] bytes = TurnClient.drain(message);
      socket.send(new DatagramPacket(bytes, bytes.length, serverAddress));
    }

    byte[] receive() throws IOException {
      byte[] in = new byte[4096];
      DatagramPacket packet = new DatagramPacket(in, in.length);
      socket.receive(packet);
      return Arrays.copyOf(in, packet.getLength());
    }

    StunMessage call(int method, Consumer<StunWriter> attrs) throws IOException {
      send(turn.request(method, attrs));
      return TurnClient.wrap(receive());
    }

    Udp login() throws IOException {
      send(turn.request(StunMethod.ALLOCATE, w -> w.requestedTransport(17)));
      byte[] challenge = receive();
      assertThat(ErrorCode.code(TurnClient.wrap(challenge))).isEqualTo(401);
      assertThat(turn.learn(challenge)).isTrue();
      return this;
    }

    InetSocketAddress allocate() throws IOException {
      StunMessage m = call(StunMethod.ALLOCATE, w -> w.requestedTransport(17));
      assertThat(ErrorCode.code(m)).as("allocate").isNegative();
      return XorRelayedAddress.read(m);
    }
  }

  DatagramSocket socket(InetAddress ip) throws IOException {
    DatagramSocket s = new DatagramSocket(new InetSocketAddress(ip, 0));
    s.setSoTimeout(TIMEOUT_MS);
    sockets.add(s);
    return s;
  }

  private static byte[] receive(DatagramSocket socket, InetSocketAddress[] from)
      throws IOException {
    byte[] in = new byte[2048];
    DatagramPacket packet = new DatagramPacket(in, in.length);
    socket.receive(packet);
    from[0] = (InetSocketAddress) packet.getSocketAddress();
    return Arrays.copyOf(in, packet.getLength());
  }

  @Test
  void fullFlow_relaysBothWaysAndRefreshZeroClosesRelay() throws IOException {
    InetSocketAddress at = start("127.0.0.1", true, 10);
    Udp client = new Udp(at, new TurnClient("alice", "alice-pass")).login();
    InetSocketAddress relayed = client.allocate();
    DatagramSocket peer = socket(InetAddress.getByName("127.0.0.1"));
    InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();

    assertThat(
            ErrorCode.code(
                client.call(StunMethod.CREATE_PERMISSION, w -> w.xorPeerAddress(peerAddress))))
        .isNegative();
    client.send(
        client.turn.indication(
            StunMethod.SEND,
            w -> w.xorPeerAddress(peerAddress).data(Unpooled.wrappedBuffer(HELLO))));
    InetSocketAddress[] from = new InetSocketAddress[1];
    assertThat(receive(peer, from)).isEqualTo(HELLO);
    assertThat(from[0]).isEqualTo(relayed);

    peer.send(new DatagramPacket(BACK, BACK.length, relayed));
    StunMessage data = TurnClient.wrap(client.receive());
    assertThat(data.method()).isEqualTo(StunMethod.DATA);
    assertThat(XorPeerAddress.read(data)).isEqualTo(peerAddress);
    assertThat(ByteBufUtil.getBytes(Data.read(data))).isEqualTo(BACK);

    assertThat(
            ErrorCode.code(
                client.call(
                    StunMethod.CHANNEL_BIND,
                    w -> w.channelNumber(0x4000).xorPeerAddress(peerAddress))))
        .isNegative();
    client.send(TurnClient.channelData(0x4000, HELLO));
    assertThat(receive(peer, from)).isEqualTo(HELLO);
    peer.send(new DatagramPacket(BACK, BACK.length, relayed));
    byte[] channelData = client.receive();
    assertThat(Arrays.copyOf(channelData, 4)).containsExactly(0x40, 0x00, 0x00, BACK.length);
    assertThat(Arrays.copyOfRange(channelData, 4, 4 + BACK.length)).isEqualTo(BACK);

    StunMessage refreshed = client.call(StunMethod.REFRESH, w -> w.lifetime(900));
    assertThat(Lifetime.read(refreshed)).isEqualTo(900);
    StunMessage deleted = client.call(StunMethod.REFRESH, w -> w.lifetime(0));
    assertThat(deleted.messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
    assertThat(Lifetime.read(deleted)).isZero();
    // The relay socket is closed: its port can be bound again.
    new DatagramSocket(relayed).close();
  }

  @Test
  void peerBurst_onEpollBatchedReads_relaysEveryDatagramIntactAndInOrder() throws IOException {
    assumeTrue(NativeAvailability.probe().epoll(), "epoll unavailable on this host");
    InetSocketAddress at = start("127.0.0.1", true, 10, TransportPreference.EPOLL);
    Udp client = new Udp(at, new TurnClient("alice", "alice-pass")).login();
    InetSocketAddress relayed = client.allocate();
    DatagramSocket peer = socket(InetAddress.getByName("127.0.0.1"));
    InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
    assertThat(
            ErrorCode.code(
                client.call(
                    StunMethod.CHANNEL_BIND,
                    w -> w.channelNumber(0x4001).xorPeerAddress(peerAddress))))
        .isNegative();
    // More datagrams than one recvmmsg batch (16), each a different length and fill, so a slice
    // read at the wrong offset or kept past its read shows up as wrong bytes.
    int count = 40;
    for (int i = 0; i < count; i++) {
      byte[] payload = burstPayload(i);
      peer.send(new DatagramPacket(payload, payload.length, relayed));
    }

    for (int i = 0; i < count; i++) {
      byte[] expected = burstPayload(i);
      byte[] channelData = client.receive();
      assertThat(channelData.length).as("datagram %d", i).isEqualTo(4 + expected.length);
      assertThat(Arrays.copyOf(channelData, 4))
          .containsExactly(0x40, 0x01, expected.length >> 8, expected.length & 0xFF);
      assertThat(Arrays.copyOfRange(channelData, 4, channelData.length))
          .as("datagram %d", i)
          .isEqualTo(expected);
    }
  }

  @Test
  void equalSizedBursts_onEpoll_arriveAsTheOriginalDatagramsInOrder() throws IOException {
    assumeTrue(NativeAvailability.probe().epoll(), "epoll unavailable on this host");
    assumeTrue(
        io.netty.channel.epoll.SegmentedDatagramPacket.isSupported(), "no UDP GSO on this host");
    InetSocketAddress at = start("127.0.0.1", true, 10, TransportPreference.EPOLL);
    Udp client = new Udp(at, new TurnClient("alice", "alice-pass")).login();
    InetSocketAddress relayed = client.allocate();
    DatagramSocket peer = socket(InetAddress.getByName("127.0.0.1"));
    peer.setReceiveBufferSize(1 << 20);
    client.socket.setReceiveBufferSize(1 << 20);
    InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
    assertThat(
            ErrorCode.code(
                client.call(
                    StunMethod.CHANNEL_BIND,
                    w -> w.channelNumber(0x4002).xorPeerAddress(peerAddress))))
        .isNegative();
    // Bursts of one size, as a video frame is: the receiver must still see each datagram alone,
    // with its own bytes, in order, whether or not the kernel got them as one GSO write.
    int count = 48;
    for (int i = 0; i < count; i++) {
      peer.send(new DatagramPacket(gsoPayload(i), 1000, relayed));
    }
    for (int i = 0; i < count; i++) {
      byte[] channelData = client.receive();
      assertThat(channelData.length).as("to client %d", i).isEqualTo(1004);
      assertThat(Arrays.copyOfRange(channelData, 4, 1004))
          .as("to client %d", i)
          .isEqualTo(gsoPayload(i));
    }
    for (int i = 0; i < count; i++) {
      client.send(TurnClient.channelData(0x4002, gsoPayload(i)));
    }
    InetSocketAddress[] from = new InetSocketAddress[1];
    for (int i = 0; i < count; i++) {
      assertThat(receive(peer, from)).as("to peer %d", i).isEqualTo(gsoPayload(i));
      assertThat(from[0]).isEqualTo(relayed);
    }

    // How many datagrams shared a read batch depends on scheduling (SegmentRunIT checks the kernel
    // path itself); whatever was joined, the kernel took it.
    assertThat(server.meterRegistry().get("turn.udp.gso.failures").counter().count()).isZero();
  }

  private static byte[] gsoPayload(int i) {
    byte[] payload = new byte[1000];
    for (int j = 0; j < payload.length; j++) {
      payload[j] = (byte) (i * 31 + j);
    }
    return payload;
  }

  private static byte[] burstPayload(int i) {
    byte[] payload = new byte[1 + (i * 37) % 1400];
    Arrays.fill(payload, (byte) i);
    payload[0] = (byte) (0x80 | i);
    return payload;
  }

  @Test
  void errors_answeredWithRfcCodes() throws IOException {
    InetSocketAddress at = start("127.0.0.1", false, 1);
    Udp alice = new Udp(at, new TurnClient("alice", "alice-pass")).login();
    assertThat(ErrorCode.code(alice.call(StunMethod.REFRESH, w -> {}))).isEqualTo(437);
    assertThat(ErrorCode.code(alice.call(StunMethod.ALLOCATE, w -> w.requestedTransport(6))))
        .isEqualTo(442);
    assertThat(
            ErrorCode.code(
                alice.call(
                    StunMethod.ALLOCATE, w -> w.requestedTransport(17).reservationToken(42))))
        .isEqualTo(508);
    InetSocketAddress relayed = alice.allocate();
    assertThat(relayed.getAddress()).isEqualTo(at.getAddress());
    InetSocketAddress loopbackPeer = new InetSocketAddress("127.0.0.1", 9);
    assertThat(
            ErrorCode.code(
                alice.call(StunMethod.CREATE_PERMISSION, w -> w.xorPeerAddress(loopbackPeer))))
        .isEqualTo(403);

    Udp again = new Udp(at, new TurnClient("alice", "alice-pass")).login();
    assertThat(ErrorCode.code(again.call(StunMethod.ALLOCATE, w -> w.requestedTransport(17))))
        .isEqualTo(486);

    TurnClient bob = new TurnClient("bob", "bob-pass");
    bob.use(REALM, alice.turn.nonce());
    // bob on alice's 5-tuple (her socket, a nonce minted for her address).
    alice.send(bob.request(StunMethod.REFRESH, w -> {}));
    assertThat(ErrorCode.code(TurnClient.wrap(alice.receive()))).isEqualTo(441);

    TurnClient forged = new TurnClient("alice", "alice-pass");
    forged.use(REALM, "obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA");
    Udp stale = new Udp(at, forged);
    assertThat(ErrorCode.code(stale.call(StunMethod.ALLOCATE, w -> w.requestedTransport(17))))
        .isEqualTo(438);
  }

  @Test
  void ssrf_internalPeersInEveryIpv4Spelling_refusedWith403() throws IOException {
    InetSocketAddress at = start("127.0.0.1", false, 10);
    Udp client = new Udp(at, new TurnClient("alice", "alice-pass")).login();
    client.allocate();
    for (String ip :
        List.of(
            "127.0.0.1",
            "127.1.2.3",
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "169.254.169.254",
            "224.0.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "100.64.0.1",
            at.getAddress().getHostAddress())) {
      InetSocketAddress peer = new InetSocketAddress(ip, 80);
      assertThat(
              ErrorCode.code(
                  client.call(StunMethod.CREATE_PERMISSION, w -> w.xorPeerAddress(peer))))
          .as(ip)
          .isEqualTo(403);
      assertThat(
              ErrorCode.code(
                  client.call(
                      StunMethod.CHANNEL_BIND, w -> w.channelNumber(0x4000).xorPeerAddress(peer))))
          .as("channel bind " + ip)
          .isEqualTo(403);
    }
  }

  @Test
  void ssrf_loopbackInIpv6Spellings_refusedWith403() throws IOException {
    InetAddress v6Loopback = InetAddress.getByName("::1");
    try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(v6Loopback, 0))) {
      assumeTrue(probe.isBound());
    } catch (IOException noIpv6) {
      assumeTrue(false, "no IPv6 loopback");
    }
    InetSocketAddress at = start("::1", false, 10);
    Udp client = new Udp(at, new TurnClient("alice", "alice-pass")).login();
    StunMessage m =
        client.call(StunMethod.ALLOCATE, w -> w.requestedTransport(17).requestedAddressFamily(2));
    assertThat(ErrorCode.code(m)).isNegative();
    for (String hex :
        List.of(
            "00000000000000000000ffff7f000001", // ::ffff:127.0.0.1
            "0000000000000000000000007f000001", // ::127.0.0.1 (IPv4-compatible)
            "0064ff9b0000000000000000a9fea9fe", // 64:ff9b::169.254.169.254 (NAT64)
            "00000000000000000000000000000001", // ::1
            "fe800000000000000000000000000001", // link-local
            "fd000000000000000000000000000001", // unique local
            "20020a00000100000000000000000000", // 6to4 of 10.0.0.1
            "00000000000000000000ffff0a000001")) { // ::ffff:10.0.0.1
      byte[] bytes = java.util.HexFormat.of().parseHex(hex);
      InetSocketAddress peer =
          new InetSocketAddress(Inet6Address.getByAddress(null, bytes, -1), 80);
      assertThat(
              ErrorCode.code(
                  client.call(StunMethod.CREATE_PERMISSION, w -> w.xorPeerAddress(peer))))
          .as(hex)
          .isEqualTo(403);
    }
  }

  @Test
  void restCredentials_expired_returns401AndValid_allocates() throws Exception {
    InetSocketAddress at = start("127.0.0.1", true, 10);
    long past = System.currentTimeMillis() / 1000 - 60;
    String expiredName = past + ":carol";
    Udp expired = new Udp(at, new TurnClient(expiredName, restPassword(expiredName))).login();
    assertThat(ErrorCode.code(expired.call(StunMethod.ALLOCATE, w -> w.requestedTransport(17))))
        .isEqualTo(401);
    String validName = (past + 3600) + ":carol";
    Udp valid = new Udp(at, new TurnClient(validName, restPassword(validName))).login();
    assertThat(valid.allocate()).isNotNull();
  }

  private static String restPassword(String username) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    return Base64.getEncoder()
        .encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
  }

  // libferryudp sees MSG_TRUNC; Netty's channels read one byte more than relayed to see the cut.
  @Test
  void peerDatagramLongerThanTheReadSize_isDroppedNotRelayedCut() throws IOException {
    Udp client = clientWithChannelTo(0x4003);
    byte[] oversized = new byte[3000]; // the server reads at most 2048 bytes of a datagram
    Arrays.fill(oversized, (byte) 5);

    boundPeer.send(new DatagramPacket(oversized, oversized.length, boundRelay));
    boundPeer.send(new DatagramPacket(BACK, BACK.length, boundRelay));

    byte[] channelData = client.receive();
    assertThat(channelData).hasSize(4 + BACK.length);
    assertThat(Arrays.copyOfRange(channelData, 4, channelData.length)).isEqualTo(BACK);
  }

  @Test
  void peerDatagramOneByteOverTheReadSize_isDropped() throws IOException {
    Udp client = clientWithChannelTo(0x4004);
    byte[] justOver = new byte[2049];

    boundPeer.send(new DatagramPacket(justOver, justOver.length, boundRelay));
    boundPeer.send(new DatagramPacket(BACK, BACK.length, boundRelay));

    assertThat(client.receive()).hasSize(4 + BACK.length);
  }

  @Test
  void peerDatagramOfExactlyTheReadSize_isRelayedWhole() throws IOException {
    Udp client = clientWithChannelTo(0x4005);
    byte[] full = new byte[2048];
    Arrays.fill(full, (byte) 7);

    boundPeer.send(new DatagramPacket(full, full.length, boundRelay));

    byte[] channelData = client.receive();
    assertThat(channelData).hasSize(4 + full.length);
    assertThat(Arrays.copyOfRange(channelData, 4, channelData.length)).isEqualTo(full);
  }

  /** A logged-in client with an allocation and {@code channel} bound to a fresh local peer. */
  Udp clientWithChannelTo(int channel) throws IOException {
    InetSocketAddress at = start("127.0.0.1", true, 10);
    Udp client = new Udp(at, new TurnClient("alice", "alice-pass")).login();
    boundRelay = client.allocate();
    boundPeer = socket(InetAddress.getByName("127.0.0.1"));
    InetSocketAddress peerAddress = (InetSocketAddress) boundPeer.getLocalSocketAddress();
    assertThat(
            ErrorCode.code(
                client.call(
                    StunMethod.CHANNEL_BIND,
                    w -> w.channelNumber(channel).xorPeerAddress(peerAddress))))
        .isNegative();
    return client;
  }
}

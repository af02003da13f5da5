package dev.ferry.turn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.auth.AuthConfig;
import dev.ferry.auth.Realm;
import dev.ferry.auth.StaticUsers;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.StunWriter;
import dev.ferry.stun.attribute.ErrorCode;
import dev.ferry.stun.attribute.XorRelayedAddress;
import dev.ferry.turn.config.PeerPolicySettings;
import dev.ferry.turn.config.ServerConfig;
import dev.ferry.turn.config.TransportPreference;
import dev.ferry.turn.config.TurnConfig;
import dev.ferry.turn.config.UdpIo;
import dev.ferry.turn.nativeudp.NativeUdpRequired;
import io.netty.buffer.ByteBuf;
import io.netty.util.ResourceLeakDetector;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The relay's steady state through the real server on libferryudp: once warm, a ChannelData round
 * trip (client to peer and back) allocates nothing on the event loop thread.
 */
class RelayZeroAllocationIT {
  private static final int WARM_UP = 20_000;
  private static final int MEASURED = 10_000;
  private static final int CHANNEL = 0x4000;
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private TurnServer server;
  private DatagramSocket client;
  private DatagramSocket peer;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (peer != null) {
      peer.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void channelDataRoundTrips_afterWarmUp_allocateLessThanOneBytePerRelayedPacket()
      throws Exception {
    NativeUdpRequired.check();
    // Leak tracking records a stack per access of a tracked buffer, and the sockets' receive
    // regions live as long as the sockets: off for this whole test, which is one measurement
    // (TurnRelayNativeIT checks the same path for leaks).
    ResourceLeakDetector.Level testLevel = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    try {
      measure();
    } finally {
      ResourceLeakDetector.setLevel(testLevel);
    }
  }

  private void measure() throws Exception {
    InetSocketAddress at = start();
    InetAddress loopback = InetAddress.getLoopbackAddress();
    client = new DatagramSocket(new InetSocketAddress(loopback, 0));
    client.setSoTimeout(5_000);
    peer = new DatagramSocket(new InetSocketAddress(loopback, 0));
    peer.setSoTimeout(5_000);
    InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
    TurnClient alice = new TurnClient("alice", "alice-pass");
    byte[] challenge = call(at, alice, StunMethod.ALLOCATE, w -> w.requestedTransport(17));
    assertThat(alice.learn(challenge)).isTrue();
    StunMessage allocated =
        TurnClient.wrap(call(at, alice, StunMethod.ALLOCATE, w -> w.requestedTransport(17)));
    assertThat(ErrorCode.code(allocated)).isNegative();
    InetSocketAddress relayed = XorRelayedAddress.read(allocated);
    StunMessage bound =
        TurnClient.wrap(
            call(
                at,
                alice,
                StunMethod.CHANNEL_BIND,
                w -> w.channelNumber(CHANNEL).xorPeerAddress(peerAddress)));
    assertThat(ErrorCode.code(bound)).isNegative();

    RoundTrips trips = new RoundTrips(at, relayed);
    trips.run(WARM_UP);
    List<Long> loopThreads = loopThreads();
    assertThat(loopThreads).hasSize(1);
    // Three windows, the best one judged: a per-packet allocation shows in each, a one-off one on
    // the loop thread (a pool chunk, the 1 Hz sweep) in at most one.
    double best = Double.MAX_VALUE;
    for (int window = 0; window < 3; window++) {
      long allocated0 = allocatedBytes(loopThreads);
      trips.run(MEASURED);
      long allocated1 = allocatedBytes(loopThreads);
      double perPacket = (allocated1 - allocated0) / (2.0 * MEASURED);
      System.out.printf(
          "RelayZeroAllocationIT: window %d: %d bytes over %d relayed packets (%.4f B/packet)%n",
          window, allocated1 - allocated0, 2 * MEASURED, perPacket);
      best = Math.min(best, perPacket);
    }
    assertThat(best).isLessThan(1.0);
  }

  /** ChannelData client to peer, raw datagram peer to client, each checked on arrival. */
  private final class RoundTrips {
    final byte[] toPeer = new byte[4 + 100];
    final byte[] toClient = new byte[100];
    final byte[] in = new byte[2048];
    final DatagramPacket clientOut;
    final DatagramPacket peerOut;
    final DatagramPacket received = new DatagramPacket(in, in.length);

    RoundTrips(InetSocketAddress server, InetSocketAddress relayed) {
      toPeer[0] = (byte) (CHANNEL >> 8);
      toPeer[1] = (byte) CHANNEL;
      toPeer[3] = 100;
      Arrays.fill(toPeer, 4, toPeer.length, (byte) 7);
      Arrays.fill(toClient, (byte) 9);
      clientOut = new DatagramPacket(toPeer, toPeer.length, server);
      peerOut = new DatagramPacket(toClient, toClient.length, relayed);
    }

    void run(int count) throws IOException {
      for (int i = 0; i < count; i++) {
        client.send(clientOut);
        received.setData(in);
        peer.receive(received);
        assertThat(received.getLength()).isEqualTo(100);
        peer.send(peerOut);
        received.setData(in);
        client.receive(received);
        assertThat(received.getLength()).isEqualTo(104);
        assertThat(in[0]).isEqualTo((byte) 0x40);
      }
    }
  }

  private byte[] call(
      InetSocketAddress at, TurnClient turn, int method, Consumer<StunWriter> attributes)
      throws IOException {
    ByteBuf request = turn.request(method, attributes);
    byte[] out = TurnClient.drain(request);
    client.send(new DatagramPacket(out, out.length, at));
    byte[] in = new byte[2048];
    DatagramPacket packet = new DatagramPacket(in, in.length);
    client.receive(packet);
    return Arrays.copyOf(in, packet.getLength());
  }

  private InetSocketAddress start() {
    Realm realm = new Realm("ferry.it");
    int base = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
    TurnConfig turn =
        TurnConfig.defaults()
            .withAuth(
                AuthConfig.defaults(realm)
                    .withStaticUsers(StaticUsers.parse(realm, List.of("alice:alice-pass"))))
            .withPeers(new PeerPolicySettings(List.of(), List.of(), true, false))
            .withPortRange(base, base + 20);
    server =
        TurnServer.start(
            ServerConfig.defaults()
                .withListeningIps(List.of(InetAddress.getLoopbackAddress()))
                .withPort(0)
                .withIoThreads(1)
                .withProtocols(true, false)
                .withAdminAddress(null)
                .withTransport(TransportPreference.EPOLL)
                .withUdpIo(UdpIo.NATIVE)
                .withTurn(turn));
    return server.udpAddresses().get(0);
  }

  /** The server's event loop threads (DefaultThreadFactory names them ferry-io-N-M). */
  private static List<Long> loopThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("ferry-io-"))
        .map(Thread::getId)
        .toList();
  }

  private static long allocatedBytes(List<Long> threads) {
    long sum = 0;
    for (long id : threads) {
      sum += THREADS.getThreadAllocatedBytes(id);
    }
    return sum;
  }
}

package dev.ferry.bench;

import dev.ferry.auth.AuthConfig;
import dev.ferry.auth.StaticUsers;
import dev.ferry.turn.TurnServer;
import dev.ferry.turn.config.PeerPolicySettings;
import dev.ferry.turn.config.ServerConfig;
import dev.ferry.turn.config.TransportPreference;
import dev.ferry.turn.config.TurnConfig;
import dev.ferry.turn.config.UdpIo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * One ChannelData round trip through a real in-process {@link TurnServer} (client to peer and back:
 * two relayed packets per operation), so that {@code -prof gc} shows what the relay path allocates
 * per packet on the server's loop thread (JMH's gc.alloc.rate.norm counts every thread of the JVM).
 *
 * <p>The benchmark's own side allocates nothing per operation: connected blocking {@link
 * DatagramChannel}s (no address objects) and preallocated direct buffers. A {@link ReadWatchdog}
 * bounds every read. The channel binding is made once per trial and lasts 10 minutes, its
 * permission 5 minutes (RFC 8656 §9, §12): keep a trial shorter than that.
 */
@State(Scope.Thread)
@Threads(1)
@Fork(
    value = 1,
    jvmArgsAppend = {BenchmarkJvm.NO_LEAK_DETECTION})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RelayRoundTripBenchmark {
  private static final int CHANNEL = 0x4000;
  private static final int HEADER = 4;
  private static final String USER = "bench";
  private static final String PASSWORD = "bench-pass";
  private static final long READ_TIMEOUT_SECONDS = 5;

  /** Relay ports of this benchmark alone (TurnLoad's scripts use 40000-59999). */
  private static final int RELAY_MIN_PORT = 61000;

  private static final int RELAY_MAX_PORT = 61100;

  /** Which code drives the server's UDP sockets: libferryudp or Netty's epoll channels. */
  @Param({"native", "netty"})
  public String udpIo;

  /** Payload bytes: a small audio frame and a near-MTU video packet. */
  @Param({"100", "1200"})
  public int payloadLength;

  private TurnServer server;
  private DatagramChannel client;
  private DatagramChannel peer;
  private ReadWatchdog watchdog;
  private ByteBuffer clientOut;
  private ByteBuffer clientIn;
  private ByteBuffer peerIn;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    // JMH runs the trial's tear-down inside the last measured iteration, so -prof gc charges it the
    // classes the server's stop path loads (about 150 KB, 2 B/op): a throwaway server started and
    // stopped here loads them before any measurement.
    TurnServer.start(serverConfig(loopback)).stop();
    server = TurnServer.start(serverConfig(loopback));
    client = DatagramChannel.open();
    client.bind(new InetSocketAddress(loopback, 0));
    client.connect(server.udpAddresses().get(0));
    peer = DatagramChannel.open();
    peer.bind(new InetSocketAddress(loopback, 0));
    watchdog = new ReadWatchdog(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS, List.of(client, peer));

    TurnControlClient control = new TurnControlClient(client, watchdog, USER, PASSWORD);
    InetSocketAddress relayed = control.allocate();
    control.bindChannel(CHANNEL, (InetSocketAddress) peer.getLocalAddress());
    // Connected to the relay address, the peer reads only what the relay sends and writes back
    // without naming an address; the binding's permission lets those writes through.
    peer.connect(relayed);

    clientOut = ByteBuffer.allocateDirect(HEADER + payloadLength);
    clientOut.putShort((short) CHANNEL).putShort((short) payloadLength);
    for (int i = 0; i < payloadLength; i++) {
      clientOut.put((byte) i);
    }
    clientOut.flip();
    clientIn = ByteBuffer.allocateDirect(2048);
    peerIn = ByteBuffer.allocateDirect(2048);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException, InterruptedException {
    if (watchdog != null) {
      watchdog.close();
    }
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

  /**
   * Client sends ChannelData, the peer receives the payload and sends it back, the client receives
   * it as ChannelData. Returns the bytes the client received.
   */
  @Benchmark
  public int roundTrip() throws IOException {
    watchdog.arm();
    try {
      clientOut.rewind();
      client.write(clientOut);
      peerIn.clear();
      int relayedToPeer = peer.read(peerIn);
      if (relayedToPeer != payloadLength) {
        throw new IOException("peer received " + relayedToPeer + " bytes, not " + payloadLength);
      }
      peerIn.flip();
      peer.write(peerIn);
      clientIn.clear();
      int relayedToClient = client.read(clientIn);
      if (relayedToClient != HEADER + payloadLength
          || clientIn.getShort(0) != CHANNEL
          || clientIn.getShort(2) != payloadLength) {
        throw new IOException("client received " + relayedToClient + " bytes, not ChannelData");
      }
      return relayedToClient;
    } catch (IOException e) {
      throw watchdog.fired() ? watchdog.timedOut("round trip", e) : e;
    } finally {
      watchdog.disarm();
    }
  }

  private ServerConfig serverConfig(InetAddress loopback) {
    dev.ferry.auth.Realm realm = new dev.ferry.auth.Realm("ferry.bench");
    TurnConfig turn =
        TurnConfig.defaults()
            .withAuth(
                AuthConfig.defaults(realm)
                    .withStaticUsers(StaticUsers.parse(realm, List.of(USER + ":" + PASSWORD))))
            .withPeers(new PeerPolicySettings(List.of(), List.of(), true, false))
            .withPortRange(RELAY_MIN_PORT, RELAY_MAX_PORT);
    UdpIo io =
        UdpIo.parse(udpIo)
            .orElseThrow(() -> new IllegalArgumentException("udpIo: native or netty"));
    return ServerConfig.defaults()
        .withListeningIps(List.of(loopback))
        .withPort(0)
        .withIoThreads(1)
        .withProtocols(true, false)
        .withAdminAddress(null)
        .withTransport(TransportPreference.EPOLL)
        .withUdpIo(io)
        .withTurn(turn);
  }
}

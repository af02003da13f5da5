package dev.ferry.turn.config;

import dev.ferry.turn.nativeudp.SchedulerSlice;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@code TurnServer} needs to start, validated once so the listeners never see a bad
 * value.
 *
 * @param listeningIps addresses to listen on; an empty list means all interfaces
 * @param port UDP and TCP port (0 picks an ephemeral port, used by tests)
 * @param udp whether to open UDP listeners
 * @param tcp whether to open TCP listeners
 * @param transport the I/O transport to use
 * @param ioThreads event loop threads (and UDP sockets per address on epoll/io_uring)
 * @param ioSliceMicros scheduler slice the event loop threads ask for, in microseconds; 0 leaves
 *     the kernel's default
 * @param ioCoalesceMicros how long an epoll loop pauses after a busy round before polling again, in
 *     microseconds; 0 never pauses
 * @param udpMaxDatagramSize largest datagram read in full; longer ones are truncated and dropped
 * @param udpReadBatch datagrams read per recvmmsg call where the transport supports it
 * @param udpIo whether UDP sockets run on the native batched layer or on Netty's channels
 * @param turn the TURN settings: auth, lifetimes, quotas, relay ports and addresses, peer policy
 * @param adminAddress where the admin HTTP endpoints ({@code /metrics}, {@code /healthz}, {@code
 *     /readyz}) listen (port 0 picks an ephemeral port), or null for none
 */
public record ServerConfig(
    List<InetAddress> listeningIps,
    int port,
    boolean udp,
    boolean tcp,
    TransportPreference transport,
    int ioThreads,
    int ioSliceMicros,
    int ioCoalesceMicros,
    int udpMaxDatagramSize,
    int udpReadBatch,
    UdpIo udpIo,
    TurnConfig turn,
    InetSocketAddress adminAddress) {

  /** coturn's and RFC 8489's default STUN/TURN port for UDP and TCP. */
  public static final int DEFAULT_PORT = 3478;

  /** coturn's Prometheus port, Ferry's metrics and admin port (DESIGN §1). */
  public static final int DEFAULT_ADMIN_PORT = 9641;

  /** Most event loop threads an operator may ask for ({@code io-threads}). */
  public static final int MAX_IO_THREADS = 256;

  /**
   * The event loops' scheduler slice: the kernel's shortest. A thread with a short slice gets an
   * early deadline each time it wakes, so on a busy machine the kernel switches to a loop woken by
   * a datagram sooner instead of letting the running task go on. In paced A/B runs (10 and 100
   * allocations x 50 pkt/s, 3 alternating pairs each) it cut the relay's p99 share of a round trip
   * by 4-22% in all six pairs and its p99.9 in five.
   */
  public static final int DEFAULT_IO_SLICE_MICROS = 100;

  /**
   * The pause after a busy round ({@code io-coalesce-us}). In alternating pairs of 10- and
   * 100-allocation floods it raised the packets relayed per server context switch from 5-16 to
   * 44-69 and the packets per CPU-second in 9 of 11 pairs; a datagram of a busy round waits about
   * this long (longer when the CPU is slow to come back: {@code
   * turn_io_coalesce_paused_seconds_total}).
   */
  public static final int DEFAULT_IO_COALESCE_MICROS = 300;

  /** The longest {@code io-coalesce-us}: 10 ms, beyond which the pause is added latency. */
  public static final int MAX_IO_COALESCE_MICROS = 10_000;

  /**
   * True for an {@code io-coalesce-us} value: 0 (never pause) up to {@link
   * #MAX_IO_COALESCE_MICROS}.
   */
  public static boolean isValidIoCoalesce(long micros) {
    return micros >= 0 && micros <= MAX_IO_COALESCE_MICROS;
  }

  /** True for an {@code io-slice-us} value: 0 (the kernel's default) or a slice it grants. */
  public static boolean isValidIoSlice(long micros) {
    return micros == 0 || SchedulerSlice.isGrantable(micros);
  }

  /** Validates the values; a bad one is a programming error here (the CLI validates input). */
  public ServerConfig {
    listeningIps = List.copyOf(Objects.requireNonNull(listeningIps, "listeningIps"));
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(udpIo, "udpIo");
    Objects.requireNonNull(turn, "turn");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range 0-65535: " + port);
    }
    if (!udp && !tcp) {
      throw new IllegalArgumentException("at least one of UDP and TCP must be enabled");
    }
    if (ioThreads < 1) {
      throw new IllegalArgumentException("ioThreads must be at least 1: " + ioThreads);
    }
    if (!isValidIoSlice(ioSliceMicros)) {
      throw new IllegalArgumentException("ioSliceMicros out of range: " + ioSliceMicros);
    }
    if (!isValidIoCoalesce(ioCoalesceMicros)) {
      throw new IllegalArgumentException("ioCoalesceMicros out of range: " + ioCoalesceMicros);
    }
    if (udpMaxDatagramSize < 548 || udpMaxDatagramSize > 65535) {
      throw new IllegalArgumentException("udpMaxDatagramSize out of range: " + udpMaxDatagramSize);
    }
    if (udpReadBatch < 1) {
      throw new IllegalArgumentException("udpReadBatch must be at least 1: " + udpReadBatch);
    }
    if (adminAddress != null && adminAddress.isUnresolved()) {
      throw new IllegalArgumentException("adminAddress must be an IP address: " + adminAddress);
    }
  }

  /**
   * UDP and TCP on port 3478 on all interfaces, best transport, {@link #defaultIoThreads} loops,
   * admin HTTP on 127.0.0.1:9641.
   */
  public static ServerConfig defaults() {
    return new ServerConfig(
        List.of(),
        DEFAULT_PORT,
        true,
        true,
        TransportPreference.AUTO,
        defaultIoThreads(Runtime.getRuntime().availableProcessors()),
        DEFAULT_IO_SLICE_MICROS,
        DEFAULT_IO_COALESCE_MICROS,
        2048,
        16,
        UdpIo.AUTO,
        TurnConfig.defaults(),
        new InetSocketAddress(ListenAddresses.loopbackV4(), DEFAULT_ADMIN_PORT));
  }

  /**
   * One event loop per two CPUs, at least one. Relaying is mostly kernel work done outside the
   * loops (receive softirqs, wakeups), and at media packet rates each wakeup costs more than the
   * packets it carries, so fewer, busier loops relay for less CPU: on 2 cores one loop instead of
   * two cut CPU per packet to 0.78-0.92x coturn's at 100 and 500 allocations x 50 pkt/s (1.0-1.2x
   * with two) and still relayed floods at 0.86x or more of a two-thread C forwarder.
   */
  public static int defaultIoThreads(int cpus) {
    return Math.max(1, cpus / 2);
  }

  /** A copy listening on the given addresses (empty: all interfaces). */
  public ServerConfig withListeningIps(List<InetAddress> ips) {
    return new ServerConfig(
        ips,
        port,
        udp,
        tcp,
        transport,
        ioThreads,
        ioSliceMicros,
        ioCoalesceMicros,
        udpMaxDatagramSize,
        udpReadBatch,
        udpIo,
        turn,
        adminAddress);
  }

  /** A copy on another port. */
  public ServerConfig withPort(int newPort) {
    return new ServerConfig(
        listeningIps,
        newPort,
        udp,
        tcp,
        transport,
        ioThreads,
        ioSliceMicros,
        ioCoalesceMicros,
        udpMaxDatagramSize,
        udpReadBatch,
        udpIo,
        turn,
        adminAddress);
  }

  /** A copy with UDP and TCP switched as given. */
  public ServerConfig withProtocols(boolean newUdp, boolean newTcp) {
    return new ServerConfig(
        listeningIps,
        port,
        newUdp,
        newTcp,
        transport,
        ioThreads,
        ioSliceMicros,
        ioCoalesceMicros,
        udpMaxDatagramSize,
        udpReadBatch,
        udpIo,
        turn,
        adminAddress);
  }

  /** A copy with another transport preference. */
  public ServerConfig withTransport(TransportPreference preference) {
    return new ServerConfig(
        listeningIps,
        port,
        udp,
        tcp,
        preference,
        ioThreads,
        ioSliceMicros,
        ioCoalesceMicros,
        udpMaxDatagramSize,
        udpReadBatch,
        udpIo,
        turn,
        adminAddress);
  }

  /** A copy with other TURN settings. */
  public ServerConfig withTurn(TurnConfig newTurn) {
    return new ServerConfig(
        listeningIps,
        port,
        udp,
        tcp,
        transport,
        ioThreads,
        ioSliceMicros,
        ioCoalesceMicros,
        udpMaxDatagramSize,
        udpReadBatch,
        udpIo,
        newTurn,
        adminAddress);
  }

  /** A copy with another number of event loop threads. */
  public ServerConfig withIoThreads(int threads) {
    return new ServerConfig(
        listeningIps,
        port,
        udp,
        tcp,
        transport,
        threads,
        ioSliceMicros,
        ioCoalesceMicros,
        udpMaxDatagramSize,
        udpReadBatch,
        udpIo,
        turn,
        adminAddress);
  }

  /** A copy whose event loops ask for a {@code micros} scheduler slice (0: the kernel's). */
  public ServerConfig withIoSliceMicros(int micros) {
    return new ServerConfig(
        listeningIps,
        port,
        udp,
        tcp,
        transport,
        ioThreads,
        micros,
        ioCoalesceMicros,
        udpMaxDatagramSize,
        udpReadBatch,
        udpIo,
        turn,
        adminAddress);
  }

  /** A copy with the admin HTTP endpoints on {@code address}, or without them for null. */
  public ServerConfig withAdminAddress(InetSocketAddress address) {
    return new ServerConfig(
        listeningIps,
        port,
        udp,
        tcp,
        transport,
        ioThreads,
        ioSliceMicros,
        ioCoalesceMicros,
        udpMaxDatagramSize,
        udpReadBatch,
        udpIo,
        turn,
        address);
  }

  /** A copy with UDP sockets driven by {@code io}. */
  public ServerConfig withUdpIo(UdpIo io) {
    return new ServerConfig(
        listeningIps,
        port,
        udp,
        tcp,
        transport,
        ioThreads,
        ioSliceMicros,
        ioCoalesceMicros,
        udpMaxDatagramSize,
        udpReadBatch,
        io,
        turn,
        adminAddress);
  }
}

package dev.ferry.bench.load;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Command-line entry of the TURN load generator: measures any TURN server on loopback with real
 * TURN, so Ferry and coturn are compared by the same tool (DESIGN.md §10).
 */
@Command(
    name = "turnload",
    mixinStandardHelpOptions = true,
    description = {
      "TURN load generator: Allocate (401, then authenticated), CreatePermission, ChannelBind, then"
          + " ChannelData echoed by a local peer; reports loss, relayed packets/s, round-trip"
          + " percentiles and allocations/s. Loopback only.",
      "Exit status: 0 success, 1 some allocations failed, 2 usage error, 3 probe found no 401."
    })
public final class TurnLoad implements Callable<Integer> {
  private static final int DEFAULT_WARMUP_SETUPS = 64;

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-s", "--server"},
      defaultValue = "127.0.0.1:3478",
      description = "TURN server host:port (UDP, loopback). Default: ${DEFAULT-VALUE}.")
  String server;

  @Option(names = "--user", description = "Static long-term user name.")
  String user;

  @Option(names = "--password", description = "Password of --user.")
  String password;

  @Option(
      names = "--secret",
      description = "REST shared secret: mints <expiry>:<user> names (user from --user or 'load').")
  String secret;

  @Option(
      names = "--rest-ttl",
      defaultValue = "86400",
      description = "Lifetime of minted REST names, seconds. Default: ${DEFAULT-VALUE}.")
  long restTtlSeconds;

  @Option(
      names = "--mode",
      defaultValue = "flood",
      description = "flood | paced | setup | hold | probe. Default: ${DEFAULT-VALUE}.")
  String mode;

  @Option(
      names = {"-n", "--allocations"},
      defaultValue = "10",
      description = "Allocations (clients). Default: ${DEFAULT-VALUE}.")
  int allocations;

  @Option(
      names = {"-c", "--concurrency"},
      defaultValue = "32",
      description = "Setups in flight at once. Default: ${DEFAULT-VALUE}.")
  int concurrency;

  @Option(
      names = "--payload",
      defaultValue = "100",
      description = "ChannelData payload bytes (32..1400). Default: ${DEFAULT-VALUE}.")
  int payload;

  @Option(
      names = "--rate",
      defaultValue = "50",
      description = "Paced: packets/s per allocation. Default: ${DEFAULT-VALUE}.")
  int rate;

  @Option(
      names = "--window",
      defaultValue = "16",
      description = "Flood: echoes in flight per allocation. Default: ${DEFAULT-VALUE}.")
  int window;

  @Option(
      names = "--duration",
      defaultValue = "10",
      description = "Measured seconds. Default: ${DEFAULT-VALUE}.")
  double duration;

  @Option(
      names = "--warmup",
      defaultValue = "2",
      description = "Seconds of traffic before measuring. Default: ${DEFAULT-VALUE}.")
  double warmup;

  @Option(
      names = "--warmup-setups",
      description =
          "Unmeasured setups, released again, before the measured ones (all modes but probe), so"
              + " that the generator's own JIT compilation is not in the measured window."
              + " Default: "
              + DEFAULT_WARMUP_SETUPS
              + ", or --allocations if fewer.")
  Integer warmupSetups;

  @Option(
      names = "--drain",
      defaultValue = "1",
      description = "Seconds to await late echoes. Default: ${DEFAULT-VALUE}.")
  double drain;

  @Option(
      names = "--max-packets",
      defaultValue = "50000000",
      description = "Most packets one allocation sends. Default: ${DEFAULT-VALUE}.")
  long maxPackets;

  @Option(
      names = "--peer",
      defaultValue = "127.0.0.1",
      description = "Loopback IP the built-in echo peer binds. Default: ${DEFAULT-VALUE}.")
  String peerHost;

  @Option(
      names = "--peer-sockets",
      defaultValue = "4",
      description =
          "Echo peer sockets; allocations share them round-robin. Default: ${DEFAULT-VALUE}.")
  int peerSockets;

  @Option(
      names = "--lifetime",
      defaultValue = "600",
      description = "Requested LIFETIME, seconds. Default: ${DEFAULT-VALUE}.")
  int lifetime;

  @Option(
      names = "--setup-timeout",
      defaultValue = "60",
      description = "Seconds allowed for all setups. Default: ${DEFAULT-VALUE}.")
  double setupTimeout;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "Event loop threads of the generator. Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(
      names = "--transport",
      defaultValue = "auto",
      description = "auto | epoll | nio. Default: ${DEFAULT-VALUE}.")
  String transport;

  @Option(
      names = "--stages",
      defaultValue = "2",
      description =
          "Hold: stages of --allocations allocations each, held --duration seconds apart."
              + " Default: ${DEFAULT-VALUE}.")
  int stages;

  @Option(
      names = "--ready-file",
      description =
          "File that gets one line per phase: 'setup', 'setup-done N', 'traffic', 'measured'"
              + " (the warm-up is over), 'drained',"
              + " 'hold STAGE HELD' (hold mode, once each stage is set up).")
  Path readyFile;

  @Option(
      names = "--sample-pid",
      defaultValue = "0",
      description =
          "With --ready-file: append to each phase line the CPU ticks and VmRSS (kB) of this"
              + " process, the generator's own CPU ticks and the time (epoch seconds), read at"
              + " the phase boundary itself.")
  long samplePid;

  @Option(
      names = "--source-ips",
      defaultValue = "1",
      description =
          "Client source addresses: 1 binds none (127.0.0.1); N > 1 spreads clients over"
              + " 127.1.0.1 .. 127.1.x.y, as if from N hosts. Default: ${DEFAULT-VALUE}.")
  int sourceIps;

  @Option(names = "--json", description = "Print one JSON object instead of the summary.")
  boolean json;

  /** Runs the generator; exits with the status {@link #call} returns. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new TurnLoad()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    LoadConfig config = config();
    Credentials credentials = credentials();
    LoadResult result = new LoadRun(config, credentials).run();
    System.out.println(json ? result.toJson() : result.toHuman());
    if (config.mode() == Mode.PROBE) {
      return result.allocationsReady() == 1 ? 0 : 3;
    }
    return result.allocationsFailed() == 0 && result.allocationsReady() > 0 ? 0 : 1;
  }

  LoadConfig config() {
    Mode parsedMode;
    try {
      parsedMode = Mode.valueOf(mode.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw usage("--mode must be flood, paced, setup, hold or probe: " + mode);
    }
    check(allocations >= 1 && allocations <= 100_000, "--allocations must be 1..100000");
    check(concurrency >= 1, "--concurrency must be positive");
    check(
        payload >= Stamp.MIN_PAYLOAD && payload <= 1400,
        "--payload must be " + Stamp.MIN_PAYLOAD + "..1400");
    check(rate >= 1 && rate <= 1_000_000, "--rate must be 1..1000000");
    check(window >= 1 && window <= 4096, "--window must be 1..4096");
    check(duration > 0 && duration <= 3600, "--duration must be in (0, 3600]");
    check(warmup >= 0 && warmup <= 600, "--warmup must be 0..600");
    check(
        warmupSetups == null || (warmupSetups >= 0 && warmupSetups <= 100_000),
        "--warmup-setups must be 0..100000");
    check(drain >= 0 && drain <= 60, "--drain must be 0..60");
    check(maxPackets >= 1, "--max-packets must be positive");
    check(peerSockets >= 1 && peerSockets <= 1024, "--peer-sockets must be 1..1024");
    check(lifetime >= 1, "--lifetime must be positive");
    check(setupTimeout > 0 && setupTimeout <= 3600, "--setup-timeout must be in (0, 3600]");
    check(threads >= 1 && threads <= 64, "--threads must be 1..64");
    check(stages >= 1 && stages <= 100, "--stages must be 1..100");
    check(samplePid >= 0, "--sample-pid must be a process id");
    check(sourceIps >= 1 && sourceIps <= 65_535, "--source-ips must be 1..65535");
    check(
        transport.equals("auto") || transport.equals("epoll") || transport.equals("nio"),
        "--transport must be auto, epoll or nio");
    return new LoadConfig(
        loopbackServer(server),
        loopbackHost(peerHost, "--peer").getHostAddress(),
        peerSockets,
        parsedMode,
        allocations,
        concurrency,
        payload,
        rate,
        window,
        duration,
        warmup,
        warmupSetups == null ? Math.min(DEFAULT_WARMUP_SETUPS, allocations) : warmupSetups,
        drain,
        maxPackets,
        lifetime,
        setupTimeout,
        threads,
        transport,
        stages,
        sourceIps,
        readyFile,
        samplePid);
  }

  Credentials credentials() {
    if (secret != null) {
      check(password == null, "--secret and --password exclude each other");
      long expiry = Instant.now().getEpochSecond() + restTtlSeconds;
      return Credentials.rest(secret, user == null ? "load" : user, expiry);
    }
    check(user != null && password != null, "give --user and --password, or --secret");
    return Credentials.longTerm(user, password);
  }

  private InetSocketAddress loopbackServer(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    check(colon > 0, "--server must be host:port: " + hostPort);
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw usage("--server port is not a number: " + hostPort);
    }
    check(port >= 1 && port <= 65535, "--server port must be 1..65535");
    return new InetSocketAddress(loopbackHost(host, "--server"), port);
  }

  private InetAddress loopbackHost(String host, String option) {
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw usage(option + " cannot be resolved: " + host);
    }
    // Load goes to loopback only: this tool must never flood a network.
    check(address.isLoopbackAddress(), option + " must be a loopback address: " + host);
    return address;
  }

  private void check(boolean condition, String message) {
    if (!condition) {
      throw usage(message);
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}

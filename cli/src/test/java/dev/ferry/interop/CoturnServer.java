package dev.ferry.interop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * coturn's {@code turnserver} as a {@link TurnServerUnderTest}: UDP and TCP on 127.0.0.1 only, no
 * TLS, no CLI, every file it writes (pid file, SQLite user database, log) in folders the test owns.
 */
public final class CoturnServer implements TurnServerUnderTest {

  /** Where Debian's coturn package puts the server. */
  public static final Path BINARY = Path.of("/usr/bin/turnserver");

  private static final String REALM = "ferry.test";
  private static final int RELAY_PORTS = 40;
  private static final Duration START_DEADLINE = Duration.ofSeconds(20);
  private static final Duration STOP_DEADLINE = Duration.ofSeconds(10);

  private final Process process;
  private final int port;
  private final RelayRange relayRange;
  private final String username;
  private final String password;
  private final Path log;

  private CoturnServer(
      Process process,
      int port,
      RelayRange relayRange,
      String username,
      String password,
      Path log) {
    this.process = process;
    this.port = port;
    this.relayRange = relayRange;
    this.username = username;
    this.password = password;
    this.log = log;
  }

  /** Starts coturn with RFC 8489 long-term credentials for one user. */
  public static CoturnServer startLongTerm(String user, String pass, Path workDir, Path log)
      throws IOException {
    return start(List.of("--lt-cred-mech", "--user", user + ":" + pass), user, pass, workDir, log);
  }

  /**
   * Starts coturn in TURN REST mode with {@code sharedSecret}; {@link #username()} and {@link
   * #password()} are then credentials minted for {@code user}, valid for an hour.
   */
  public static CoturnServer startRestApi(String sharedSecret, String user, Path workDir, Path log)
      throws IOException {
    TurnRestCredentials minted =
        TurnRestCredentials.mint(sharedSecret, user, Instant.now().plus(Duration.ofHours(1)));
    return start(
        List.of("--use-auth-secret", "--static-auth-secret", sharedSecret),
        minted.username(),
        minted.password(),
        workDir,
        log);
  }

  private static CoturnServer start(
      List<String> authOptions, String username, String password, Path workDir, Path log)
      throws IOException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(
          BINARY + " is missing: install it with `apt-get install coturn`");
    }
    Files.createDirectories(workDir);
    Files.createDirectories(log.toAbsolutePath().getParent());
    int port = LoopbackPorts.freeUdpAndTcpPort();
    RelayRange relays = LoopbackPorts.freeUdpRange(RELAY_PORTS, port);
    String loopback = LoopbackPorts.IPV4_LOOPBACK.getHostAddress();
    List<String> command = new ArrayList<>();
    command.add(BINARY.toString());
    command.addAll(
        List.of(
            "-n", // no configuration file: every option is on this line
            "--no-cli",
            "--no-tls",
            "--no-dtls",
            "--allow-loopback-peers",
            "--listening-ip",
            loopback,
            "--relay-ip",
            loopback,
            "-p",
            Integer.toString(port),
            "--min-port",
            Integer.toString(relays.minPort()),
            "--max-port",
            Integer.toString(relays.maxPort()),
            "-r",
            REALM,
            "--pidfile",
            workDir.resolve("turnserver.pid").toString(),
            "--userdb",
            workDir.resolve("turndb.sqlite").toString(),
            "--log-file",
            "stdout"));
    command.addAll(authOptions);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .directory(workDir.toFile())
            .start();
    CoturnServer server = new CoturnServer(process, port, relays, username, password, log);
    boolean ready;
    try {
      ready =
          StunBindingProbe.answers(new InetSocketAddress(loopback, port), START_DEADLINE)
              && process.isAlive();
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    if (!ready) {
      server.close();
      throw new IllegalStateException(
          "coturn did not answer a Binding request on port "
              + port
              + " within "
              + START_DEADLINE
              + "; log "
              + log
              + ":\n"
              + LogTail.of(log));
    }
    return server;
  }

  @Override
  public InetSocketAddress address() {
    return new InetSocketAddress(LoopbackPorts.IPV4_LOOPBACK, port);
  }

  @Override
  public String username() {
    return username;
  }

  @Override
  public String password() {
    return password;
  }

  @Override
  public RelayRange relayRange() {
    return relayRange;
  }

  @Override
  public Path log() {
    return log;
  }

  @Override
  public void close() {
    ProcessHandles.stop(process.toHandle(), STOP_DEADLINE);
  }
}

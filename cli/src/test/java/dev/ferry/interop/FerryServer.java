package dev.ferry.interop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Ferry's {@code bin/turnd} as a {@link TurnServerUnderTest}: a real process from this checkout,
 * given coturn's long options so that the same command line would start either server, ready once
 * it answers a STUN Binding request and stopped with SIGTERM by PID.
 */
public final class FerryServer implements TurnServerUnderTest {

  private static final String REALM = "ferry.test";
  private static final int RELAY_PORTS = 40;
  private static final Duration START_DEADLINE = Duration.ofSeconds(60);
  private static final Duration STOP_DEADLINE = Duration.ofSeconds(10);
  private static final Duration CREDENTIAL_TTL = Duration.ofHours(1);

  private final Process process;
  private final InetSocketAddress address;
  private final RelayRange relayRange;
  private final String username;
  private final String password;
  private final Path log;

  private FerryServer(
      Process process,
      InetSocketAddress address,
      RelayRange relayRange,
      String username,
      String password,
      Path log) {
    this.process = process;
    this.address = address;
    this.relayRange = relayRange;
    this.username = username;
    this.password = password;
    this.log = log;
  }

  /** Starts turnd with RFC 8489 long-term credentials for one user ({@code --user name:pass}). */
  public static FerryServer startLongTerm(String user, String pass, Path workDir, Path log)
      throws IOException {
    Files.createDirectories(workDir);
    Ports ports = Ports.pick();
    Process process =
        start(ports, List.of("--lt-cred-mech", "--user", user + ":" + pass), workDir, log);
    return awaitReady(new FerryServer(process, ports.address(), ports.relays(), user, pass, log));
  }

  /**
   * Starts turnd in TURN REST mode with {@code sharedSecret}; {@link #username()} and {@link
   * #password()} are then credentials that {@code bin/turnctl credentials} minted for {@code user}
   * from the same secret, valid for an hour.
   */
  public static FerryServer startRestApi(String sharedSecret, String user, Path workDir, Path log)
      throws IOException {
    Files.createDirectories(workDir);
    Ports ports = Ports.pick();
    Process process =
        start(
            ports,
            List.of("--use-auth-secret", "--static-auth-secret", sharedSecret),
            workDir,
            log);
    FerryServer starting = new FerryServer(process, ports.address(), ports.relays(), "", "", log);
    FerryServer ready = awaitReady(starting);
    TurnRestCredentials minted;
    try {
      Path secretFile = writeSecret(workDir, sharedSecret);
      minted =
          TurnctlCredentials.mint(
              secretFile,
              user,
              CREDENTIAL_TTL,
              ready.uri(),
              log.resolveSibling(log.getFileName() + ".turnctl"));
    } catch (IOException | RuntimeException e) {
      ready.close();
      throw e;
    }
    return new FerryServer(
        process, ports.address(), ports.relays(), minted.username(), minted.password(), log);
  }

  /** This checkout's root: failsafe passes it; run from an IDE, the module's parent. */
  public static Path projectRoot() {
    String root = System.getProperty("ferry.project.root");
    Path path = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
    return Files.isExecutable(path.resolve("bin/turnd")) ? path : path.getParent();
  }

  @Override
  public InetSocketAddress address() {
    return address;
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
    // Process.destroy() is SIGTERM to this PID; bin/turnd exec's java, so that is turnd itself.
    ProcessHandles.stop(process.toHandle(), STOP_DEADLINE);
  }

  private static Process start(Ports ports, List<String> authOptions, Path workDir, Path log)
      throws IOException {
    Path turnd = projectRoot().resolve("bin/turnd");
    if (!Files.isExecutable(turnd)) {
      throw new IllegalStateException(turnd + " is missing or not executable");
    }
    Files.createDirectories(log.toAbsolutePath().getParent());
    List<String> command = new ArrayList<>();
    command.add(turnd.toString());
    command.addAll(
        List.of(
            "--listening-ip",
            ports.address().getAddress().getHostAddress(),
            "--listening-port",
            Integer.toString(ports.address().getPort()),
            "--min-port",
            Integer.toString(ports.relays().minPort()),
            "--max-port",
            Integer.toString(ports.relays().maxPort()),
            "--realm",
            REALM,
            "--allow-loopback-peers",
            // Whatever turnd would keep (a generated REST secret) stays in the test's folder.
            "--state-dir",
            workDir.toString(),
            // Tests start several servers; none needs the metrics endpoint on its fixed port.
            "--no-admin"));
    command.addAll(authOptions);
    Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .directory(workDir.toFile())
        .start();
  }

  private static FerryServer awaitReady(FerryServer server) throws IOException {
    boolean ready;
    try {
      ready = StunBindingProbe.answers(server.address, START_DEADLINE) && server.process.isAlive();
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    if (!ready) {
      boolean exited = !server.process.isAlive();
      server.close();
      throw new IllegalStateException(
          "turnd did not answer a Binding request on "
              + server.address
              + " within "
              + START_DEADLINE
              + (exited ? " (it exited with " + server.process.exitValue() + ")" : "")
              + "; log "
              + server.log
              + ":\n"
              + LogTail.of(server.log));
    }
    return server;
  }

  private static Path writeSecret(Path workDir, String sharedSecret) throws IOException {
    Path file = workDir.resolve("static-auth-secret");
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, sharedSecret + "\n", StandardCharsets.UTF_8);
    return file;
  }

  /** The listening port and relay range one server gets, all free on 127.0.0.1. */
  private record Ports(InetSocketAddress address, RelayRange relays) {
    static Ports pick() {
      int port = LoopbackPorts.freeUdpAndTcpPort();
      return new Ports(
          new InetSocketAddress(LoopbackPorts.IPV4_LOOPBACK, port),
          LoopbackPorts.freeUdpRange(RELAY_PORTS, port));
    }
  }
}

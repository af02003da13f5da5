package dev.ferry.interop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One bounded run of coturn's {@code turnutils_uclient}: {@code clients} sessions each allocate a
 * UDP relay, permit the peer and send {@code messagesPerClient} messages that the peer echoes back
 * through the relay.
 */
public record TurnUclient(
    InetSocketAddress server,
    InetSocketAddress peer,
    DataPath dataPath,
    boolean rtcpAllocations,
    Credentials credentials,
    int clients,
    int messagesPerClient) {

  private static final Duration STOP_DEADLINE = Duration.ofSeconds(5);

  /** How uclient moves application data through the relay (RFC 8656 §11 and §12). */
  public enum DataPath {
    /** ChannelBind, then ChannelData messages (uclient's default). */
    CHANNEL_DATA,
    /** CreatePermission, then Send indications out and Data indications back ({@code -s}). */
    SEND_INDICATION
  }

  /** What uclient authenticates with. */
  public sealed interface Credentials {}

  /** A user the server knows by password ({@code -u -w}). */
  public record LongTermUser(String user, String password) implements Credentials {}

  /** TURN REST credentials uclient mints itself from the shared secret ({@code -u -W}). */
  public record RestSecret(String user, String secret) implements Credentials {}

  /** What one run produced: exit status, everything it printed, and its final totals if any. */
  public record Result(
      boolean finished, int exitCode, String output, Optional<UclientStatistics> statistics) {}

  /**
   * How many relay sessions uclient opens, each sending {@link #messagesPerClient()}: with RTCP
   * allocations {@code -m} counts sessions and is rounded up to an even number, half of them the
   * RTCP allocation of an RTP/RTCP pair.
   */
  public int sessions() {
    return rtcpAllocations ? clients + (clients & 1) : clients;
  }

  /** How many messages a run that finishes sends in total. */
  public long expectedMessages() {
    return (long) sessions() * messagesPerClient;
  }

  /** The command line, without the binary. */
  public List<String> arguments() {
    List<String> args = new ArrayList<>();
    if (dataPath == DataPath.SEND_INDICATION) {
      args.add("-s");
    }
    if (!rtcpAllocations) {
      // Without -c every client also allocates an RTCP relay (EVEN-PORT, RESERVATION-TOKEN).
      args.add("-c");
    }
    if (credentials instanceof LongTermUser u) {
      args.addAll(List.of("-u", u.user(), "-w", u.password()));
    } else if (credentials instanceof RestSecret r) {
      args.addAll(List.of("-u", r.user(), "-W", r.secret()));
    }
    args.addAll(
        List.of(
            "-m",
            Integer.toString(clients),
            "-n",
            Integer.toString(messagesPerClient),
            "-e",
            peer.getAddress().getHostAddress(),
            "-r",
            Integer.toString(peer.getPort()),
            "-p",
            Integer.toString(server.getPort()),
            server.getAddress().getHostAddress()));
    return args;
  }

  /** Runs uclient to completion or until {@code timeout}, writing its output to {@code log}. */
  public Result run(Duration timeout, Path log) throws IOException {
    Path binary = RequiredTool.TURNUTILS_UCLIENT.require();
    Files.createDirectories(log.toAbsolutePath().getParent());
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(arguments());
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished;
    try {
      finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = false;
    } finally {
      if (process.isAlive()) {
        ProcessHandles.stop(process.toHandle(), STOP_DEADLINE);
      }
    }
    String output =
        "$ "
            + String.join(" ", command)
            + "\n"
            + new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    return new Result(
        finished, finished ? process.exitValue() : -1, output, UclientStatistics.parse(output));
  }
}

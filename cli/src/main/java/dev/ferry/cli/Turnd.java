package dev.ferry.cli;

import dev.ferry.turn.FerryVersion;
import dev.ferry.turn.ServerStartException;
import dev.ferry.turn.TurnServer;
import dev.ferry.turn.config.ServerConfig;
import dev.ferry.turn.config.TransportPreference;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The turnd daemon. Accepts coturn's long options for the listeners, so one command line starts
 * either server.
 */
@Command(
    name = "turnd",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Ferry STUN/TURN server. With no options: UDP and TCP port 3478 on all interfaces.",
    sortOptions = false)
public final class Turnd implements Callable<Integer> {

  @Option(
      names = {"-L", "--listening-ip"},
      paramLabel = "IP",
      converter = Converters.Ip.class,
      description = "Address to listen on (repeatable). Default: all interfaces (dual-stack ::).")
  private List<InetAddress> listeningIps = new ArrayList<>();

  @Option(
      names = {"-p", "--listening-port"},
      paramLabel = "PORT",
      converter = Converters.Port.class,
      description = "UDP and TCP port (default: ${DEFAULT-VALUE}).")
  private int port = ServerConfig.DEFAULT_PORT;

  @Option(names = "--no-udp", description = "Do not listen on UDP.")
  private boolean noUdp;

  @Option(names = "--no-tcp", description = "Do not listen on TCP.")
  private boolean noTcp;

  @Option(
      names = "--log-file",
      paramLabel = "PATH",
      description = "Log to this file ('stdout' for standard output). Default: standard error.")
  private String logFile;

  @Option(
      names = "--simple-log",
      description = "Accepted for coturn compatibility: Ferry always writes to the exact path.")
  private boolean simpleLog;

  @Option(
      names = "--transport",
      paramLabel = "KIND",
      converter = Converters.Transport.class,
      description = "I/O transport: auto, io_uring, epoll or nio (default: auto).")
  private TransportPreference transport = TransportPreference.AUTO;

  @Option(
      names = {"-v", "--verbose"},
      description = "Debug logging.")
  private boolean verbose;

  @Spec private CommandSpec spec;

  private Turnd() {}

  /** Starts the daemon; exits 0 after SIGTERM/SIGINT, non-zero on bad options or start failure. */
  public static void main(String[] args) {
    int status = new CommandLine(new Turnd()).execute(args);
    LogSetup.stop();
    System.exit(status);
  }

  @Override
  public Integer call() throws InterruptedException {
    if (noUdp && noTcp) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--no-udp and --no-tcp together leave nothing to listen on");
    }
    LogSetup.apply(logFile, verbose);
    Logger log = LoggerFactory.getLogger(Turnd.class);
    ServerConfig config =
        ServerConfig.defaults()
            .withListeningIps(listeningIps)
            .withPort(port)
            .withProtocols(!noUdp, !noTcp)
            .withTransport(transport);
    log.info("Ferry {} starting (java {})", FerryVersion.version(), Runtime.version());
    TerminationSignals signals = TerminationSignals.install();
    TurnServer server;
    try {
      server = TurnServer.start(config);
    } catch (ServerStartException e) {
      log.error("Cannot start: {}", e.getMessage());
      return 1;
    }
    Thread hook = new Thread(server::stop, "turnd-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    log.info("Ready");
    signals.await();
    server.stop();
    log.info("Stopped");
    return 0;
  }
}

package dev.ferry.cli;

import dev.ferry.auth.AuthConfig;
import dev.ferry.auth.SharedSecrets;
import dev.ferry.turn.FerryVersion;
import dev.ferry.turn.ServerStartException;
import dev.ferry.turn.TurnServer;
import dev.ferry.turn.config.ConfigAssembler;
import dev.ferry.turn.config.ConfigException;
import dev.ferry.turn.config.CoturnConfReader;
import dev.ferry.turn.config.EnvironmentReader;
import dev.ferry.turn.config.GeneratedSecret;
import dev.ferry.turn.config.ServerConfig;
import dev.ferry.turn.config.Settings;
import dev.ferry.turn.config.StateDirectory;
import dev.ferry.turn.config.TurnConfig;
import dev.ferry.turn.config.TurndConfig;
import dev.ferry.turn.config.YamlConfigReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The turnd daemon. Settings come from the command line (coturn's long options), {@code TURND_*}
 * variables, a config file ({@code --config turnd.yaml} or coturn's {@code -c turnserver.conf}) and
 * the built-in defaults, highest first.
 */
@Command(
    name = "turnd",
    versionProvider = VersionProvider.class,
    description =
        "Ferry STUN/TURN server. With no options: UDP and TCP port 3478 on all interfaces, with a"
            + " generated REST shared secret; /metrics, /healthz and /readyz on"
            + " http://127.0.0.1:9641.",
    footer = {
      "",
      "Sources, highest first: these options, TURND_* environment variables (TURND_ plus the"
          + " option name in upper case with underscores, e.g. TURND_LISTENING_PORT; lists"
          + " comma-separated; TURND_STATIC_AUTH_SECRET_FILE and TURND_USER_FILE for secrets),"
          + " the config file, the built-in defaults. Other coturn options are accepted with a"
          + " notice when they turn off something Ferry lacks, and refused when they ask for it."
    },
    sortOptions = false)
public final class Turnd implements Callable<Integer> {
  /** Exit status for a bad command line or configuration (picocli's usage-error status). */
  static final int CONFIG_ERROR = 2;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Read settings from a turnd.yaml file (see deploy/turnd.yaml).")
  private Path yamlFile;

  @Option(
      names = "-c",
      paramLabel = "FILE",
      description = "Read settings from a coturn turnserver.conf file.")
  private Path coturnFile;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;

  @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
  private boolean version;

  @Spec private CommandSpec spec;

  private final Map<String, String> environment;
  private final List<Path> stateDirCandidates;

  Turnd(Map<String, String> environment, List<Path> stateDirCandidates) {
    this.environment = Map.copyOf(environment);
    this.stateDirCandidates = List.copyOf(stateDirCandidates);
  }

  /** A command line for {@code turnd} with every coturn option declared. */
  static CommandLine commandLine(Turnd turnd) {
    CommandLine commandLine = new CommandLine(turnd);
    CoturnCommandLine.declare(commandLine.getCommandSpec());
    commandLine.setOverwrittenOptionsAllowed(true);
    return commandLine;
  }

  /** Starts the daemon; exits 0 after SIGTERM/SIGINT, 2 on bad options, 1 on start failure. */
  public static void main(String[] args) {
    Path home = Path.of(System.getProperty("user.home"));
    Turnd turnd = new Turnd(System.getenv(), StateDirectory.defaultCandidates(home));
    int status = commandLine(turnd).execute(args);
    LogSetup.stop();
    System.exit(status);
  }

  /** Merges the sources given to this command into one validated configuration. */
  TurndConfig loadConfig() throws ConfigException {
    if (yamlFile != null && coturnFile != null) {
      throw new ConfigException("command line: --config and -c: give one config file, not both");
    }
    Settings file = Settings.empty();
    if (yamlFile != null) {
      file = YamlConfigReader.read(yamlFile);
    } else if (coturnFile != null) {
      file = CoturnConfReader.read(coturnFile);
    }
    Settings env = EnvironmentReader.read(environment);
    Settings flags = CoturnCommandLine.read(spec.commandLine().getParseResult());
    return ConfigAssembler.assemble(file, env, flags);
  }

  /**
   * Adds the generated REST secret when the operator configured no credentials.
   *
   * @return the configuration to run, and the secret file used (null if none)
   */
  GeneratedConfig withGeneratedSecretIfNeeded(TurndConfig config) throws ConfigException {
    if (config.credentialsConfigured()) {
      return new GeneratedConfig(config, null);
    }
    Path dir = StateDirectory.resolve(config.stateDir(), stateDirCandidates);
    GeneratedSecret.Loaded secret = GeneratedSecret.loadOrCreate(dir, new SecureRandom());
    TurnConfig turn = config.server().turn();
    AuthConfig auth = turn.auth();
    AuthConfig withSecret =
        auth.withRestSecrets(SharedSecrets.of(List.of(secret.secret())), auth.restSeparator());
    return new GeneratedConfig(
        config.withServer(config.server().withTurn(turn.withAuth(withSecret))), secret);
  }

  /** The configuration to run and the generated secret it uses, if any. */
  record GeneratedConfig(TurndConfig config, GeneratedSecret.Loaded secret) {}

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    GeneratedConfig prepared;
    try {
      prepared = withGeneratedSecretIfNeeded(loadConfig());
    } catch (ConfigException e) {
      err.println("turnd: " + e.getMessage());
      err.flush();
      return CONFIG_ERROR;
    }
    TurndConfig config = prepared.config();
    LogSetup.apply(config.logFile(), config.verbose());
    Logger log = LoggerFactory.getLogger(Turnd.class);
    log.info("Ferry {} starting (java {})", FerryVersion.version(), Runtime.version());
    config.notices().forEach(notice -> log.info("{}", notice));
    if (prepared.secret() != null) {
      logMintingHint(log, prepared.secret(), config.server());
    }
    TerminationSignals signals = TerminationSignals.install();
    TurnServer server;
    try {
      server = TurnServer.start(config.server());
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

  private static void logMintingHint(
      Logger log, GeneratedSecret.Loaded secret, ServerConfig server) {
    log.info(
        "No users or REST secrets configured: {} REST shared secret {}",
        secret.created() ? "generated the" : "using the generated",
        secret.file());
    log.info(
        "Mint credentials with: bin/turnctl credentials --secret-file {} --user alice --ttl 24h"
            + " --uri turn:{}:{}",
        secret.file(),
        advertisedHost(server),
        server.port());
  }

  /** The first listening address if one was given, else this machine's name. */
  private static String advertisedHost(ServerConfig server) {
    for (InetAddress ip : server.listeningIps()) {
      if (!ip.isAnyLocalAddress()) {
        String text = ip.getHostAddress();
        return text.indexOf(':') >= 0 ? "[" + text + "]" : text;
      }
    }
    return Hostnames.local();
  }
}

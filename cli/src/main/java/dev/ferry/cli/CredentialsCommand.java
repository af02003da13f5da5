package dev.ferry.cli;

import dev.ferry.auth.RestCredential;
import dev.ferry.auth.RestCredentials;
import dev.ferry.auth.SecretBytes;
import dev.ferry.auth.SharedSecrets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code turnctl credentials}: mints a time-limited REST credential and prints it as a WebRTC
 * {@code RTCConfiguration} fragment. The secret comes from a file or {@code TURNCTL_SECRET}, never
 * from the command line, where {@code ps} would show it.
 */
@Command(
    name = "credentials",
    mixinStandardHelpOptions = true,
    description = "Mint a REST API TURN credential and print it as iceServers JSON.")
final class CredentialsCommand implements Callable<Integer> {
  /** The environment variable holding the secret when no file is given. */
  static final String SECRET_VARIABLE = "TURNCTL_SECRET";

  @Spec private CommandSpec spec;

  @Option(
      names = "--secret-file",
      paramLabel = "FILE",
      description = "File whose first line is the shared secret (else $" + SECRET_VARIABLE + ").")
  private Path secretFile;

  @Option(names = "--user", paramLabel = "NAME", required = true, description = "User id.")
  private String user;

  @Option(
      names = "--ttl",
      paramLabel = "DURATION",
      description = "How long the credential is valid: 3600, 90s, 30m, 24h, 7d (default 24h).")
  private String ttl = "24h";

  @Option(
      names = "--uri",
      paramLabel = "URI",
      description = "TURN URI (repeatable; default turn:<this host>:3478).")
  private List<String> uris = new ArrayList<>();

  @Option(
      names = "--separator",
      paramLabel = "CHAR",
      description = "Between expiry and user, as the server's rest-separator (default ':').")
  private String separator = String.valueOf(RestCredentials.DEFAULT_SEPARATOR);

  private final Clock clock;
  private final Map<String, String> environment;

  CredentialsCommand() {
    this(Clock.systemUTC(), System.getenv());
  }

  CredentialsCommand(Clock clock, Map<String, String> environment) {
    this.clock = clock;
    this.environment = Map.copyOf(environment);
  }

  @Override
  public Integer call() {
    CommandLine commandLine = spec.commandLine();
    Duration lifetime =
        DurationText.parse(ttl)
            .orElseThrow(
                () ->
                    new CommandLine.ParameterException(
                        commandLine,
                        "--ttl: '" + ttl + "' is not a duration (e.g. 3600, 90s, 30m, 24h, 7d)"));
    if (separator.length() != 1) {
      throw new CommandLine.ParameterException(
          commandLine, "--separator: must be exactly one character");
    }
    if (user.isEmpty() || user.indexOf(separator.charAt(0)) >= 0) {
      throw new CommandLine.ParameterException(
          commandLine, "--user: must be non-empty and must not contain the separator");
    }
    List<String> urls = new ArrayList<>();
    for (String uri : uris.isEmpty() ? List.of("turn:" + Hostnames.local() + ":3478") : uris) {
      urls.add(
          TurnUris.withTransport(uri)
              .orElseThrow(
                  () ->
                      new CommandLine.ParameterException(
                          commandLine,
                          "--uri: '" + uri + "' is not a turn:, turns: or stun: URI")));
    }
    SecretBytes secret = secret(commandLine);
    RestCredential credential;
    try {
      credential =
          new RestCredentials(SharedSecrets.of(List.of(secret)), separator.charAt(0), clock)
              .mint(user, lifetime);
    } finally {
      secret.wipe();
    }
    PrintWriter out = commandLine.getOut();
    out.println(IceServersJson.render(urls, credential.username(), credential.passwordText()));
    out.flush();
    return 0;
  }

  private SecretBytes secret(CommandLine commandLine) {
    if (secretFile != null) {
      List<String> lines;
      try {
        lines = Files.readAllLines(secretFile, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new CommandLine.ParameterException(
            commandLine,
            "--secret-file: cannot read " + secretFile + " (" + e.getClass().getSimpleName() + ")");
      }
      return lines.stream()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .findFirst()
          .map(SecretBytes::ofUtf8)
          .orElseThrow(
              () ->
                  new CommandLine.ParameterException(
                      commandLine, "--secret-file: " + secretFile + " holds no secret"));
    }
    String fromEnvironment = environment.get(SECRET_VARIABLE);
    if (fromEnvironment == null || fromEnvironment.isEmpty()) {
      throw new CommandLine.ParameterException(
          commandLine, "no secret: give --secret-file FILE or set " + SECRET_VARIABLE);
    }
    return SecretBytes.ofUtf8(fromEnvironment);
  }
}

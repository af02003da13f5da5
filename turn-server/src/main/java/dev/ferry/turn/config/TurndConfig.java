package dev.ferry.turn.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code turnd} runs with: the server configuration plus the daemon's own settings, all
 * sources merged and validated.
 *
 * @param server the server configuration
 * @param logFile log destination ({@code stdout} or a path), null for standard error
 * @param verbose debug logging
 * @param stateDir where to keep generated state, null to pick the default
 * @param credentialsConfigured whether the operator gave users or REST secrets; if not, {@code
 *     turnd} generates a REST secret in the state directory
 * @param notices options accepted without effect, one line each
 */
public record TurndConfig(
    ServerConfig server,
    String logFile,
    boolean verbose,
    Path stateDir,
    boolean credentialsConfigured,
    List<String> notices) {

  public TurndConfig {
    Objects.requireNonNull(server, "server");
    notices = List.copyOf(notices);
  }

  /** A copy with another server configuration. */
  public TurndConfig withServer(ServerConfig newServer) {
    return new TurndConfig(newServer, logFile, verbose, stateDir, credentialsConfigured, notices);
  }
}

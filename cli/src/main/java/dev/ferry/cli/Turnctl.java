package dev.ferry.cli;

import dev.ferry.turn.TurnServer;
import dev.ferry.turn.config.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The operator CLI: probes a STUN server and mints REST credentials. */
@Command(
    name = "turnctl",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Ferry operator CLI.",
    subcommands = {Turnctl.Probe.class, CredentialsCommand.class})
public final class Turnctl implements Runnable {
  @Spec private CommandSpec spec;

  /** Runs turnctl; the exit status is the subcommand's. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new Turnctl()).execute(args));
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command (try: probe, credentials)");
  }

  /** {@code turnctl probe HOST[:PORT]}: one Binding request, prints the mapped address. */
  @Command(
      name = "probe",
      mixinStandardHelpOptions = true,
      description = "Send a STUN Binding request and print the reflexive address.")
  static final class Probe implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(paramLabel = "HOST[:PORT]", description = "Server (default port 3478).")
    private String target;

    @Option(names = "--tcp", description = "Use TCP instead of UDP.")
    private boolean tcp;

    @Option(
        names = "--timeout",
        paramLabel = "MILLIS",
        description = "How long to wait for the answer (default: ${DEFAULT-VALUE}).")
    private int timeoutMillis = 3000;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      HostPort hostPort =
          HostPort.parse(target, ServerConfig.DEFAULT_PORT)
              .orElseThrow(
                  () ->
                      new CommandLine.ParameterException(
                          spec.commandLine(), "'" + target + "' is not HOST[:PORT]"));
      String transport = tcp ? "tcp" : "udp";
      try {
        InetSocketAddress server =
            new InetSocketAddress(InetAddress.getByName(hostPort.host()), hostPort.port());
        BindingProbe.Answer answer =
            tcp ? BindingProbe.tcp(server, timeoutMillis) : BindingProbe.udp(server, timeoutMillis);
        if (answer.errorCode() != 0) {
          err.println(
              "error response " + answer.errorCode() + " from " + TurnServer.format(server));
          return 1;
        }
        out.println(
            "mapped address: "
                + (answer.mapped() == null ? "(none)" : TurnServer.format(answer.mapped())));
        out.println("software: " + (answer.software() == null ? "(none)" : answer.software()));
        out.flush();
        return 0;
      } catch (SocketTimeoutException e) {
        err.println(
            "no answer from " + target + " over " + transport + " within " + timeoutMillis + " ms");
        return 1;
      } catch (UnknownHostException e) {
        err.println("unknown host: " + hostPort.host());
        return 1;
      } catch (IOException e) {
        err.println("probe over " + transport + " failed: " + e.getMessage());
        return 1;
      }
    }
  }
}

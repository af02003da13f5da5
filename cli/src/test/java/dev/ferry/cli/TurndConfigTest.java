package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.stun.integrity.PasswordAlgorithm;
import dev.ferry.turn.config.ConfigException;
import dev.ferry.turn.config.GeneratedSecret;
import dev.ferry.turn.config.TurnConfig;
import dev.ferry.turn.config.TurndConfig;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** turnd's option handling: every source, precedence, coturn options and errors. */
class TurndConfigTest {
  @TempDir Path dir;

  private Turnd parse(Map<String, String> env, String... args) {
    Turnd turnd = new Turnd(env, List.of(dir.resolve("state")));
    Turnd.commandLine(turnd).parseArgs(args);
    return turnd;
  }

  private TurndConfig load(Map<String, String> env, String... args) throws ConfigException {
    return parse(env, args).loadConfig();
  }

  private static Path realisticConf() throws Exception {
    return Path.of(TurndConfigTest.class.getResource("/turnserver-realistic.conf").toURI());
  }

  private Path yaml(String text) throws Exception {
    return Files.writeString(dir.resolve("turnd.yaml"), text);
  }

  @Test
  void load_noOptions_isTheDefaultConfig() throws Exception {
    TurndConfig config = load(Map.of());

    assertThat(config.server().port()).isEqualTo(3478);
    assertThat(config.server().listeningIps()).isEmpty();
    assertThat(config.credentialsConfigured()).isFalse();
  }

  @Test
  void load_yamlOnly_fileBeatsDefault() throws Exception {
    TurndConfig config = load(Map.of(), "--config", yaml("listen:\n  port: 4000\n").toString());

    assertThat(config.server().port()).isEqualTo(4000);
  }

  @Test
  void load_yamlAndEnvironment_environmentBeatsFile() throws Exception {
    TurndConfig config =
        load(
            Map.of("TURND_LISTENING_PORT", "5000"),
            "--config",
            yaml("listen:\n  port: 4000\n").toString());

    assertThat(config.server().port()).isEqualTo(5000);
  }

  @Test
  void load_allThreeSources_flagBeatsEnvironment() throws Exception {
    TurndConfig config =
        load(
            Map.of("TURND_LISTENING_PORT", "5000"),
            "--config",
            yaml("listen:\n  port: 4000\n").toString(),
            "--listening-port",
            "6000");

    assertThat(config.server().port()).isEqualTo(6000);
  }

  @Test
  void load_realisticCoturnConf_mapsEverything() throws Exception {
    TurndConfig config = load(Map.of(), "-c", realisticConf().toString());

    TurnConfig turn = config.server().turn();
    assertThat(config.server().listeningIps()).containsExactly(InetAddress.getByName("127.0.0.1"));
    assertThat(turn.minPort()).isEqualTo(49160);
    assertThat(turn.maxPort()).isEqualTo(49200);
    assertThat(turn.externalIps())
        .containsEntry(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("203.0.113.7"));
    assertThat(turn.auth().realm().name()).isEqualTo("example.org");
    assertThat(turn.auth().restSecrets().minting().utf8()).isEqualTo("north-wind-secret-2024");
    assertThat(turn.auth().staticUsers().size()).isEqualTo(2);
    // bob's 0x key is MD5("bob:example.org:builder"), computed with md5sum.
    assertThat(turn.auth().staticUsers().keys("bob", "example.org", PasswordAlgorithm.MD5))
        .singleElement()
        .satisfies(
            k ->
                assertThat(java.util.HexFormat.of().formatHex(k.bytes()))
                    .isEqualTo("b70615a74a524becc6960f540634bb00"));
    assertThat(turn.limits().maxAllocationsPerUser()).isEqualTo(12);
    assertThat(turn.lifetimes().maxAllocationSeconds()).isEqualTo(1800);
    assertThat(turn.peers().noMulticastPeers()).isTrue();
    assertThat(config.logFile()).isEqualTo("stdout");
    assertThat(config.verbose()).isTrue();
    assertThat(config.notices()).hasSize(6).allMatch(n -> n.contains("accepted without effect"));
  }

  @Test
  void load_coturnLongOptionsOnTheCommandLine_areAccepted() throws Exception {
    TurndConfig config =
        load(
            Map.of(),
            "--listening-ip",
            "127.0.0.1",
            "--listening-ip=::1",
            "--realm",
            "example.org",
            "--static-auth-secret",
            "s1",
            "--user",
            "carol:pw",
            "--max-allocate-lifetime",
            "900",
            "--allow-loopback-peers",
            "--lt-cred-mech",
            "--stale-nonce",
            "-V",
            "--no-cli");

    TurnConfig turn = config.server().turn();
    assertThat(config.server().listeningIps()).hasSize(2);
    assertThat(turn.auth().realm().name()).isEqualTo("example.org");
    assertThat(turn.lifetimes().maxAllocationSeconds()).isEqualTo(900);
    assertThat(turn.peers().allowLoopbackPeers()).isTrue();
    assertThat(turn.auth().nonceLifetime().toSeconds()).isEqualTo(600);
    assertThat(config.verbose()).isTrue();
    assertThat(config.notices()).singleElement().asString().startsWith("command line: --no-cli");
  }

  @Test
  void load_ioThreadsOption_beatsTheEnvironmentAndTheFile() throws Exception {
    TurndConfig config =
        load(
            Map.of("TURND_IO_THREADS", "3"),
            "--config",
            yaml("io-threads: 4\n").toString(),
            "--io-threads",
            "1");

    assertThat(config.server().ioThreads()).isEqualTo(1);
  }

  @Test
  void load_ioThreadsOutOfRange_namesTheOption() {
    assertThatThrownBy(() -> load(Map.of(), "--io-threads", "300"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("command line: --io-threads: 300 threads is out of range 1-256");
  }

  @Test
  void load_adminListenOption_setsTheAdminAddress() throws Exception {
    TurndConfig config = load(Map.of(), "--admin-listen", "[::1]:9700");

    assertThat(config.server().adminAddress())
        .isEqualTo(new java.net.InetSocketAddress(InetAddress.getByName("::1"), 9700));
  }

  @Test
  void load_noAdminOption_beatsTheEnvironmentAndTurnsAdminOff() throws Exception {
    TurndConfig config =
        load(Map.of("TURND_ADMIN_LISTEN", "127.0.0.1:9700"), "--prometheus", "--no-admin");

    assertThat(config.server().adminAddress()).isNull();
  }

  @Test
  void load_coturnPrometheusOptions_areAcceptedWithoutNotice() throws Exception {
    TurndConfig config = load(Map.of(), "--prometheus", "--prometheus-port", "9700");

    assertThat(config.server().adminAddress().getPort()).isEqualTo(9700);
    assertThat(config.notices()).isEmpty();
  }

  @Test
  void load_unauthenticatedOptions_setTheAmplificationGuard() throws Exception {
    TurndConfig config =
        load(Map.of(), "--unauthenticated-rate", "40", "--unauthenticated-burst", "60");

    assertThat(config.server().turn().unauthenticatedRatePerSecond()).isEqualTo(40.0);
    assertThat(config.server().turn().unauthenticatedBurst()).isEqualTo(60);
  }

  @Test
  void load_negativeUnauthenticatedRate_failsNamingTheOption() {
    Turnd turnd = parse(Map.of(), "--unauthenticated-rate", "-5");

    assertThatThrownBy(turnd::loadConfig)
        .hasMessage("command line: --unauthenticated-rate: -5 is out of range (1 or more)");
  }

  @Test
  void load_unsupportedCoturnOption_failsNamingIt() {
    Turnd turnd = parse(Map.of(), "--cert", "/etc/ssl/turn.pem");

    assertThatThrownBy(turnd::loadConfig)
        .hasMessageStartingWith("command line: --cert: not supported");
  }

  @Test
  void parse_unknownOption_isAUsageError() {
    Turnd turnd = new Turnd(Map.of(), List.of(dir));

    assertThatThrownBy(() -> Turnd.commandLine(turnd).parseArgs("--listening-prot", "1"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--listening-prot");
  }

  @Test
  void execute_badYamlKey_exitsTwoNamingKeyAndLine() throws Exception {
    Path bad = yaml("listen:\n  port: 3478\n  prot: 1\n");
    Turnd turnd = new Turnd(Map.of(), List.of(dir));
    CommandLine commandLine = Turnd.commandLine(turnd);
    java.io.StringWriter err = new java.io.StringWriter();
    commandLine.setErr(new java.io.PrintWriter(err));

    int status = commandLine.execute("--config", bad.toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains(bad + ":3: listen.prot: unknown key");
  }

  @Test
  void execute_badEnvironmentValue_exitsTwoNamingTheVariable() {
    Turnd turnd = new Turnd(Map.of("TURND_MIN_PORT", "lots"), List.of(dir));
    CommandLine commandLine = Turnd.commandLine(turnd);
    java.io.StringWriter err = new java.io.StringWriter();
    commandLine.setErr(new java.io.PrintWriter(err));

    assertThat(commandLine.execute()).isEqualTo(2);
    assertThat(err.toString()).contains("environment: TURND_MIN_PORT: 'lots' is not a port");
  }

  @Test
  void execute_secretInBadPlace_neverPrintsIt() {
    Turnd turnd = new Turnd(Map.of(), List.of(dir));
    CommandLine commandLine = Turnd.commandLine(turnd);
    java.io.StringWriter err = new java.io.StringWriter();
    commandLine.setErr(new java.io.PrintWriter(err));

    int status = commandLine.execute("--user", "dave-hunter2");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("command line: --user:").doesNotContain("hunter2");
  }

  @Test
  void load_bothConfigFiles_fails() throws Exception {
    Turnd turnd =
        parse(Map.of(), "--config", yaml("{}\n").toString(), "-c", realisticConf().toString());

    assertThatThrownBy(turnd::loadConfig).hasMessageContaining("--config and -c");
  }

  @Test
  void generatedSecret_noCredentials_isCreatedOnceAndReused() throws Exception {
    Turnd first = parse(Map.of("TURND_STATE_DIR", dir.resolve("st").toString()));
    Turnd.GeneratedConfig one = first.withGeneratedSecretIfNeeded(first.loadConfig());
    Turnd second = parse(Map.of("TURND_STATE_DIR", dir.resolve("st").toString()));
    Turnd.GeneratedConfig two = second.withGeneratedSecretIfNeeded(second.loadConfig());

    assertThat(one.secret().created()).isTrue();
    assertThat(two.secret().created()).isFalse();
    assertThat(one.secret().file()).isEqualTo(dir.resolve("st").resolve(GeneratedSecret.FILE_NAME));
    assertThat(two.config().server().turn().auth().restSecrets().minting())
        .isEqualTo(one.secret().secret());
  }

  @Test
  void generatedSecret_defaultCandidates_usesTheFirstWritable() throws Exception {
    Turnd turnd = parse(Map.of());

    Turnd.GeneratedConfig generated = turnd.withGeneratedSecretIfNeeded(turnd.loadConfig());

    assertThat(generated.secret().file().getParent()).isEqualTo(dir.resolve("state"));
  }

  @Test
  void generatedSecret_operatorGaveASecret_noneIsGenerated() throws Exception {
    Path secretFile = Files.writeString(dir.resolve("secret"), "mine\n");
    Turnd turnd = parse(Map.of("TURND_STATIC_AUTH_SECRET_FILE", secretFile.toString()));

    Turnd.GeneratedConfig generated = turnd.withGeneratedSecretIfNeeded(turnd.loadConfig());

    assertThat(generated.secret()).isNull();
    assertThat(Files.exists(dir.resolve("state"))).isFalse();
  }
}

package dev.ferry.turn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.stun.integrity.PasswordAlgorithm;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigAssemblerTest {
  private static final Path CONF = Path.of("/etc/turnserver.conf");

  private static Settings conf(String... lines) throws ConfigException {
    return CoturnConfReader.parse(CONF, List.of(lines));
  }

  private static Settings yaml(String text) throws ConfigException {
    return YamlConfigReader.parse(Path.of("/etc/turnd.yaml"), new StringReader(text));
  }

  private static Settings flag(ConfigKey key, String option, String value) {
    return Settings.builder()
        .add(key, SettingValue.of(value, SettingOrigin.commandLine(option)))
        .build();
  }

  private static TurndConfig assemble(String... lines) throws ConfigException {
    return ConfigAssembler.assemble(conf(lines));
  }

  @Test
  void assemble_nothingSet_equalsTheBuiltInDefaults() throws Exception {
    TurndConfig config = ConfigAssembler.assemble(Settings.empty());

    ServerConfig defaults = ServerConfig.defaults();
    assertThat(config.server().withTurn(defaults.turn())).isEqualTo(defaults);
    assertThat(config.server().turn().withAuth(defaults.turn().auth())).isEqualTo(defaults.turn());
    assertThat(config.credentialsConfigured()).isFalse();
    assertThat(config.logFile()).isNull();
  }

  @Test
  void assemble_fileOnly_fileBeatsDefault() throws Exception {
    TurndConfig config = ConfigAssembler.assemble(conf("listening-port=4000"));

    assertThat(config.server().port()).isEqualTo(4000);
  }

  @Test
  void assemble_environmentAndFile_environmentBeatsFile() throws Exception {
    TurndConfig config =
        ConfigAssembler.assemble(
            conf("listening-port=4000"),
            EnvironmentReader.read(Map.of("TURND_LISTENING_PORT", "5000")),
            Settings.empty());

    assertThat(config.server().port()).isEqualTo(5000);
  }

  @Test
  void assemble_flagEnvironmentAndFile_flagBeatsEnvironment() throws Exception {
    TurndConfig config =
        ConfigAssembler.assemble(
            conf("listening-port=4000"),
            EnvironmentReader.read(Map.of("TURND_LISTENING_PORT", "5000")),
            flag(ConfigKey.LISTENING_PORT, "--listening-port", "6000"));

    assertThat(config.server().port()).isEqualTo(6000);
  }

  @Test
  void assemble_listInHigherSource_replacesTheWholeLowerList() throws Exception {
    TurndConfig config =
        ConfigAssembler.assemble(
            conf("listening-ip=127.0.0.1", "listening-ip=127.0.0.2"),
            EnvironmentReader.read(Map.of("TURND_LISTENING_IP", "::1")),
            Settings.empty());

    assertThat(config.server().listeningIps()).containsExactly(InetAddress.getByName("::1"));
  }

  @Test
  void assemble_everyCoturnKey_landsInTheConfig() throws Exception {
    TurndConfig config =
        assemble(
            "listening-ip=127.0.0.1",
            "relay-ip=192.0.2.10",
            "external-ip=203.0.113.5/192.0.2.10",
            "external-ip=2001:db8::5",
            "min-port=50000",
            "max-port=50999",
            "realm=example.org",
            "user=alice:wonderland",
            "static-auth-secret=new-secret",
            "static-auth-secret=old-secret",
            "use-auth-secret",
            "rest-api-separator=/",
            "stale-nonce=120",
            "max-allocate-lifetime=1800",
            "permission-lifetime=200",
            "channel-lifetime=400",
            "user-quota=7",
            "total-quota=0",
            "allowed-peer-ip=10.1.0.0/16",
            "denied-peer-ip=203.0.113.0-203.0.113.255",
            "allow-loopback-peers",
            "no-multicast-peers",
            "no-tcp",
            "log-file=/var/log/turnd.log",
            "verbose");

    ServerConfig server = config.server();
    TurnConfig turn = server.turn();
    assertThat(server.listeningIps()).containsExactly(InetAddress.getByName("127.0.0.1"));
    assertThat(server.tcp()).isFalse();
    assertThat(turn.relayIps()).containsExactly(InetAddress.getByName("192.0.2.10"));
    assertThat(turn.externalIps())
        .containsEntry(InetAddress.getByName("192.0.2.10"), InetAddress.getByName("203.0.113.5"))
        .containsEntry(ListenAddresses.anyV6(), InetAddress.getByName("2001:db8::5"));
    assertThat(turn.minPort()).isEqualTo(50000);
    assertThat(turn.maxPort()).isEqualTo(50999);
    assertThat(turn.auth().realm().name()).isEqualTo("example.org");
    assertThat(turn.auth().staticUsers().keys("alice", "example.org", PasswordAlgorithm.MD5))
        .hasSize(1);
    assertThat(turn.auth().restSecrets().all()).hasSize(2);
    assertThat(turn.auth().restSecrets().minting().utf8()).isEqualTo("new-secret");
    assertThat(turn.auth().restSeparator()).isEqualTo('/');
    assertThat(turn.auth().nonceLifetime()).isEqualTo(Duration.ofSeconds(120));
    assertThat(turn.lifetimes().maxAllocationSeconds()).isEqualTo(1800);
    assertThat(turn.lifetimes().permissionSeconds()).isEqualTo(200);
    assertThat(turn.lifetimes().channelSeconds()).isEqualTo(400);
    assertThat(turn.limits().lifetimes()).isEqualTo(turn.lifetimes());
    assertThat(turn.limits().maxAllocationsPerUser()).isEqualTo(7);
    assertThat(turn.limits().maxAllocationsTotal()).isEqualTo(Integer.MAX_VALUE);
    assertThat(turn.peers())
        .isEqualTo(
            new PeerPolicySettings(
                List.of("10.1.0.0/16"), List.of("203.0.113.0-203.0.113.255"), true, true));
    assertThat(config.logFile()).isEqualTo("/var/log/turnd.log");
    assertThat(config.verbose()).isTrue();
    assertThat(config.credentialsConfigured()).isTrue();
  }

  @Test
  void assemble_maxLifetimeBelowDefault_lowersTheDefault() throws Exception {
    TurndConfig config = assemble("max-allocate-lifetime=300");

    assertThat(config.server().turn().lifetimes().defaultAllocationSeconds()).isEqualTo(300);
  }

  @Test
  void assemble_yamlSections_landInTheConfig() throws Exception {
    TurndConfig config =
        ConfigAssembler.assemble(
            yaml(
                """
                listen: {port: 3479, udp: false}
                quotas: {permissions: 10, channels: 20}
                transport: nio
                """));

    assertThat(config.server().port()).isEqualTo(3479);
    assertThat(config.server().udp()).isFalse();
    assertThat(config.server().transport()).isEqualTo(TransportPreference.NIO);
    assertThat(config.server().turn().limits().maxPermissionsPerAllocation()).isEqualTo(10);
    assertThat(config.server().turn().limits().maxChannelsPerAllocation()).isEqualTo(20);
  }

  @Test
  void assemble_portOutOfRange_namesKeyAndLine() {
    assertThatThrownBy(() -> assemble("realm=x", "listening-port=99999"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("/etc/turnserver.conf:2: listening-port: port 99999 is out of range 1-65535");
  }

  @Test
  void assemble_ioThreadsNotSet_keepsTheDefault() throws Exception {
    TurndConfig config = ConfigAssembler.assemble(yaml("transport: auto\n"));

    assertThat(config.server().ioThreads()).isEqualTo(ServerConfig.defaults().ioThreads());
  }

  @Test
  void assemble_ioThreadsInYaml_setsEventLoops() throws Exception {
    TurndConfig config = ConfigAssembler.assemble(yaml("io-threads: 3\n"));

    assertThat(config.server().ioThreads()).isEqualTo(3);
  }

  @Test
  void assemble_ioThreadsOnCommandLineAndEnvironment_commandLineWins() throws Exception {
    TurndConfig config =
        ConfigAssembler.assemble(
            yaml("io-threads: 4\n"),
            EnvironmentReader.read(Map.of("TURND_IO_THREADS", "2")),
            flag(ConfigKey.IO_THREADS, "--io-threads", "1"));

    assertThat(config.server().ioThreads()).isEqualTo(1);
  }

  @Test
  void assemble_ioThreadsFromEnvironment_setsEventLoops() throws Exception {
    TurndConfig config =
        ConfigAssembler.assemble(EnvironmentReader.read(Map.of("TURND_IO_THREADS", "256")));

    assertThat(config.server().ioThreads()).isEqualTo(256);
  }

  @Test
  void assemble_coturnRelayThreads_setsEventLoops() throws Exception {
    assertThat(assemble("relay-threads=2").server().ioThreads()).isEqualTo(2);
  }

  @Test
  void assemble_ioThreadsZero_namesOptionAndRange() {
    assertThatThrownBy(
            () -> ConfigAssembler.assemble(flag(ConfigKey.IO_THREADS, "--io-threads", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("command line: --io-threads: 0 threads is out of range 1-256");
  }

  @Test
  void assemble_ioThreadsAboveMaximum_namesKeyAndLine() {
    assertThatThrownBy(() -> ConfigAssembler.assemble(yaml("transport: auto\nio-threads: 257\n")))
        .hasMessage("/etc/turnd.yaml:2: io-threads: 257 threads is out of range 1-256");
  }

  @Test
  void assemble_ioSliceNotSet_asksForTheKernelsShortestSlice() throws Exception {
    TurndConfig config = ConfigAssembler.assemble(yaml("transport: auto\n"));

    assertThat(config.server().ioSliceMicros()).isEqualTo(100);
  }

  @Test
  void assemble_ioSliceInYaml_setsTheLoopsSlice() throws Exception {
    TurndConfig config = ConfigAssembler.assemble(yaml("io-slice-us: 500\n"));

    assertThat(config.server().ioSliceMicros()).isEqualTo(500);
  }

  @Test
  void assemble_ioSliceZero_leavesTheKernelsDefault() throws Exception {
    TurndConfig config =
        ConfigAssembler.assemble(flag(ConfigKey.IO_SLICE_US, "--io-slice-us", "0"));

    assertThat(config.server().ioSliceMicros()).isZero();
  }

  @Test
  void assemble_ioSliceFromEnvironment_setsTheLoopsSlice() throws Exception {
    TurndConfig config =
        ConfigAssembler.assemble(EnvironmentReader.read(Map.of("TURND_IO_SLICE_US", "2000")));

    assertThat(config.server().ioSliceMicros()).isEqualTo(2000);
  }

  @Test
  void assemble_ioSliceBelowTheKernelsMinimum_namesKeyLineAndRange() {
    assertThatThrownBy(() -> ConfigAssembler.assemble(yaml("transport: auto\nio-slice-us: 50\n")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "/etc/turnd.yaml:2: io-slice-us: 50 µs is out of range: 0 (the kernel's default) or"
                + " 100-100000");
  }

  @Test
  void assemble_ioCoalesceNotSet_pausesThreeHundredMicroseconds() throws Exception {
    TurndConfig config = ConfigAssembler.assemble(yaml("transport: auto\n"));

    assertThat(config.server().ioCoalesceMicros()).isEqualTo(300);
  }

  @Test
  void assemble_ioCoalesceInYaml_setsTheLoopsPause() throws Exception {
    TurndConfig config = ConfigAssembler.assemble(yaml("io-coalesce-us: 150\n"));

    assertThat(config.server().ioCoalesceMicros()).isEqualTo(150);
  }

  @Test
  void assemble_ioCoalesceZeroFromTheCommandLine_neverPauses() throws Exception {
    TurndConfig config =
        ConfigAssembler.assemble(flag(ConfigKey.IO_COALESCE_US, "--io-coalesce-us", "0"));

    assertThat(config.server().ioCoalesceMicros()).isZero();
  }

  @Test
  void assemble_ioCoalesceAboveTenMilliseconds_namesKeyLineAndRange() {
    assertThatThrownBy(
            () -> ConfigAssembler.assemble(yaml("transport: auto\nio-coalesce-us: 20000\n")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "/etc/turnd.yaml:2: io-coalesce-us: 20000 µs is out of range: 0 (never pause) or"
                + " 1-10000");
  }

  @Test
  void assemble_ioSliceNotANumber_namesTheOption() {
    assertThatThrownBy(
            () -> ConfigAssembler.assemble(flag(ConfigKey.IO_SLICE_US, "--io-slice-us", "1ms")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("command line: --io-slice-us: '1ms' is not a slice in microseconds");
  }

  @Test
  void assemble_coturnRelayThreadsZero_namesTheCoturnKey() {
    assertThatThrownBy(() -> assemble("realm=x", "relay-threads=0"))
        .hasMessage("/etc/turnserver.conf:2: relay-threads: 0 threads is out of range 1-256");
  }

  @Test
  void assemble_ioThreadsNotANumber_namesTheVariable() {
    assertThatThrownBy(
            () ->
                ConfigAssembler.assemble(EnvironmentReader.read(Map.of("TURND_IO_THREADS", "all"))))
        .hasMessage("environment: TURND_IO_THREADS: 'all' is not a number of threads");
  }

  @Test
  void assemble_portOutOfRangeOnCommandLine_namesTheOption() {
    assertThatThrownBy(
            () -> ConfigAssembler.assemble(flag(ConfigKey.LISTENING_PORT, "--listening-port", "0")))
        .hasMessage("command line: --listening-port: port 0 is out of range 1-65535");
  }

  @Test
  void assemble_minPortAboveMaxPort_namesMinPort() {
    assertThatThrownBy(() -> assemble("min-port=60000", "max-port=50000"))
        .hasMessage(
            "/etc/turnserver.conf:1: min-port: relay port range is empty:"
                + " min-port 60000 > max-port 50000");
  }

  @Test
  void assemble_maxPortBelowDefaultMin_namesMaxPort() {
    assertThatThrownBy(() -> assemble("max-port=40000"))
        .hasMessageStartingWith("/etc/turnserver.conf:1: max-port: relay port range is empty");
  }

  @Test
  void assemble_badIp_namesKeyAndValue() {
    assertThatThrownBy(() -> assemble("relay-ip=300.1.2.3"))
        .hasMessage("/etc/turnserver.conf:1: relay-ip: '300.1.2.3' is not an IPv4 or IPv6 address");
  }

  @Test
  void assemble_externalIpFamiliesDiffer_fails() {
    assertThatThrownBy(() -> assemble("external-ip=203.0.113.5/2001:db8::1"))
        .hasMessageContaining("external-ip: '203.0.113.5/2001:db8::1'")
        .hasMessageContaining("families differ");
  }

  @Test
  void assemble_badCidr_namesKeyAndProblem() {
    assertThatThrownBy(() -> assemble("denied-peer-ip=10.0.0.0/33"))
        .hasMessageStartingWith("/etc/turnserver.conf:1: denied-peer-ip: '10.0.0.0/33': ");
  }

  @Test
  void assemble_badUserLine_namesLineWithoutThePassword() {
    assertThatThrownBy(() -> assemble("user=alice:wonderland", "user=bob-no-colon-secret"))
        .hasMessageStartingWith("/etc/turnserver.conf:2: user: expected name:password")
        .hasMessageNotContaining("secret")
        .hasMessageNotContaining("wonderland");
  }

  @Test
  void assemble_repeatedUser_namesBothPlaces() {
    assertThatThrownBy(() -> assemble("user=alice:a", "user=alice:b"))
        .hasMessage(
            "/etc/turnserver.conf:2: user: user 'alice' is already defined at"
                + " /etc/turnserver.conf:1: user");
  }

  @Test
  void assemble_unreadableSecretFile_namesTheVariable(@TempDir Path dir) throws Exception {
    Settings env =
        EnvironmentReader.read(
            Map.of("TURND_STATIC_AUTH_SECRET_FILE", dir.resolve("missing").toString()));

    assertThatThrownBy(() -> ConfigAssembler.assemble(env))
        .hasMessageStartingWith(
            "environment: TURND_STATIC_AUTH_SECRET_FILE: cannot read " + dir.resolve("missing"));
  }

  @Test
  void assemble_secretFile_eachLineIsASecretFirstMints(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("secrets"), "# rotation\nnew\n\nold\n");
    Settings env = EnvironmentReader.read(Map.of("TURND_STATIC_AUTH_SECRET_FILE", file.toString()));

    TurndConfig config = ConfigAssembler.assemble(env);

    assertThat(config.server().turn().auth().restSecrets().all())
        .extracting(s -> s.utf8())
        .containsExactly("new", "old");
  }

  @Test
  void assemble_lifetimeNotANumber_namesKeyAndLine() {
    assertThatThrownBy(() -> assemble("channel-lifetime=ten"))
        .hasMessage("/etc/turnserver.conf:1: channel-lifetime: 'ten' is not a number of seconds");
  }

  @Test
  void assemble_zeroPermissionLifetime_fails() {
    assertThatThrownBy(() -> assemble("permission-lifetime=0"))
        .hasMessageStartingWith("/etc/turnserver.conf:1: permission-lifetime: 0 seconds");
  }

  @Test
  void assemble_useAuthSecretWithoutSecret_fails() {
    assertThatThrownBy(() -> assemble("use-auth-secret"))
        .hasMessageStartingWith(
            "/etc/turnserver.conf:1: use-auth-secret: needs static-auth-secret");
  }

  @Test
  void assemble_badRealm_namesTheKey() {
    assertThatThrownBy(() -> assemble("realm=" + "x".repeat(800)))
        .hasMessageStartingWith("/etc/turnserver.conf:1: realm: ");
  }

  @Test
  void assemble_badSeparator_fails() {
    assertThatThrownBy(() -> assemble("rest-api-separator=::"))
        .hasMessage("/etc/turnserver.conf:1: rest-api-separator: must be exactly one character");
  }

  @Test
  void assemble_badTransport_namesTheValue() {
    assertThatThrownBy(() -> ConfigAssembler.assemble(yaml("transport: dpdk\n")))
        .hasMessageStartingWith("/etc/turnd.yaml:1: transport: 'dpdk' is not a transport");
  }

  @Test
  void assemble_udpIoNotSet_isAuto() throws Exception {
    TurndConfig config = ConfigAssembler.assemble(yaml("transport: auto\n"));

    assertThat(config.server().udpIo()).isEqualTo(UdpIo.AUTO);
  }

  @Test
  void assemble_udpIoInYaml_setsIt() throws Exception {
    TurndConfig config = ConfigAssembler.assemble(yaml("udp-io: netty\n"));

    assertThat(config.server().udpIo()).isEqualTo(UdpIo.NETTY);
  }

  @Test
  void assemble_udpIoInTurnserverConf_setsIt() throws Exception {
    TurndConfig config = assemble("realm=x", "udp-io=native");

    assertThat(config.server().udpIo()).isEqualTo(UdpIo.NATIVE);
  }

  @Test
  void assemble_badUdpIo_namesKeyLineAndChoices() {
    assertThatThrownBy(() -> assemble("realm=x", "udp-io=dpdk"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "/etc/turnserver.conf:2: udp-io: 'dpdk' is not a UDP I/O (auto, native, netty)");
  }

  @Test
  void assemble_udpAndTcpOff_fails() {
    assertThatThrownBy(() -> assemble("no-udp", "no-tcp"))
        .hasMessageStartingWith("/etc/turnserver.conf:2: no-tcp: UDP and TCP both turned off");
  }

  @Test
  void assemble_badBoolean_namesTheKey() {
    assertThatThrownBy(() -> ConfigAssembler.assemble(yaml("log:\n  verbose: loud\n")))
        .hasMessage("/etc/turnd.yaml:2: log.verbose: 'loud' is not true or false");
  }

  @Test
  void assemble_quotaZeroForPermissions_failsSinceOnlyAllocationQuotasMayBeUnlimited() {
    assertThatThrownBy(() -> ConfigAssembler.assemble(yaml("quotas:\n  permissions: 0\n")))
        .hasMessage("/etc/turnd.yaml:2: quotas.permissions: 0 is out of range (1 or more)");
  }

  @Test
  void assemble_unauthenticatedLimitsInYaml_landInTheConfig() throws Exception {
    TurndConfig config =
        ConfigAssembler.assemble(
            yaml("quotas:\n  unauthenticated-rate: 50\n  unauthenticated-burst: 80\n"));

    assertThat(config.server().turn().unauthenticatedRatePerSecond()).isEqualTo(50.0);
    assertThat(config.server().turn().unauthenticatedBurst()).isEqualTo(80);
  }

  @Test
  void assemble_unauthenticatedLimitsFromEnvironment_beatTheFile() throws Exception {
    TurndConfig config =
        ConfigAssembler.assemble(
            yaml("quotas:\n  unauthenticated-rate: 50\n  unauthenticated-burst: 80\n"),
            EnvironmentReader.read(
                Map.of("TURND_UNAUTHENTICATED_RATE", "70", "TURND_UNAUTHENTICATED_BURST", "90")),
            Settings.empty());

    assertThat(config.server().turn().unauthenticatedRatePerSecond()).isEqualTo(70.0);
    assertThat(config.server().turn().unauthenticatedBurst()).isEqualTo(90);
  }

  @Test
  void assemble_unauthenticatedLimitsInCoturnConf_landInTheConfig() throws Exception {
    TurndConfig config = assemble("unauthenticated-rate=20", "unauthenticated-burst=30");

    assertThat(config.server().turn().unauthenticatedRatePerSecond()).isEqualTo(20.0);
    assertThat(config.server().turn().unauthenticatedBurst()).isEqualTo(30);
  }

  @Test
  void assemble_zeroUnauthenticatedRateInYaml_failsNamingKeyAndLine() {
    assertThatThrownBy(() -> ConfigAssembler.assemble(yaml("quotas:\n  unauthenticated-rate: 0\n")))
        .hasMessage(
            "/etc/turnd.yaml:2: quotas.unauthenticated-rate: 0 is out of range (1 or more)");
  }

  @Test
  void assemble_zeroUnauthenticatedBurstOnCommandLine_failsNamingTheOption() {
    assertThatThrownBy(
            () ->
                ConfigAssembler.assemble(
                    flag(ConfigKey.UNAUTHENTICATED_BURST, "--unauthenticated-burst", "0")))
        .hasMessage("command line: --unauthenticated-burst: 0 is out of range (1 or more)");
  }

  @Test
  void assemble_unauthenticatedRateNotANumber_failsNamingTheVariable() {
    assertThatThrownBy(
            () ->
                ConfigAssembler.assemble(
                    EnvironmentReader.read(Map.of("TURND_UNAUTHENTICATED_RATE", "fast"))))
        .hasMessage("environment: TURND_UNAUTHENTICATED_RATE: 'fast' is not a whole number");
  }
}

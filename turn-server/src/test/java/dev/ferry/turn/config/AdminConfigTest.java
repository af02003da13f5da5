package dev.ferry.turn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin address (metrics and health endpoints) from every source. */
class AdminConfigTest {
  private static final Path CONF = Path.of("/etc/turnserver.conf");

  private static Settings conf(String... lines) throws ConfigException {
    return CoturnConfReader.parse(CONF, List.of(lines));
  }

  private static Settings yaml(String text) throws ConfigException {
    return YamlConfigReader.parse(Path.of("/etc/turnd.yaml"), new StringReader(text));
  }

  private static Settings commandLine(String option, String value) throws ConfigException {
    Settings.Builder out = Settings.builder();
    OptionApplier.apply(
        CoturnOptions.find(option).orElseThrow(),
        value,
        false,
        SettingOrigin.commandLine("--" + option),
        out);
    return out.build();
  }

  private static InetSocketAddress admin(Settings settings) throws ConfigException {
    return ConfigAssembler.assemble(settings).server().adminAddress();
  }

  private static InetSocketAddress at(String ip, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(ip), port);
  }

  @Test
  void assemble_nothingSet_adminOnLoopback9641() throws Exception {
    assertThat(admin(Settings.empty())).isEqualTo(at("127.0.0.1", 9641));
  }

  @Test
  void assemble_yamlAdminListen_setsIpAndPort() throws Exception {
    assertThat(admin(yaml("admin:\n  listen: \"0.0.0.0:9700\"\n"))).isEqualTo(at("0.0.0.0", 9700));
  }

  @Test
  void assemble_yamlAdminListenBracketedIpv6_setsIpv6Address() throws Exception {
    assertThat(admin(yaml("admin:\n  listen: \"[::1]:9641\"\n"))).isEqualTo(at("::1", 9641));
  }

  @Test
  void assemble_yamlAdminListenPortZero_meansAnEphemeralPort() throws Exception {
    assertThat(admin(yaml("admin:\n  listen: \"127.0.0.1:0\"\n"))).isEqualTo(at("127.0.0.1", 0));
  }

  @Test
  void assemble_yamlAdminEnabledFalse_turnsAdminOff() throws Exception {
    assertThat(admin(yaml("admin:\n  enabled: false\n"))).isNull();
  }

  @Test
  void assemble_yamlBadAdminListen_failsNamingKeyFileAndLine() {
    assertThatThrownBy(() -> admin(yaml("transport: auto\nadmin:\n  listen: \"localhost\"\n")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "/etc/turnd.yaml:3: admin.listen: 'localhost' is not IP:PORT"
                + " (like 127.0.0.1:9641 or [::1]:9641)");
  }

  @Test
  void assemble_coturnPrometheus_isAcceptedSilentlyAndAdminStaysOn() throws Exception {
    TurndConfig config = ConfigAssembler.assemble(conf("prometheus"));

    assertThat(config.server().adminAddress()).isEqualTo(at("127.0.0.1", 9641));
    assertThat(config.notices()).isEmpty();
  }

  @Test
  void assemble_coturnPrometheusPort_movesThePortOnLoopback() throws Exception {
    assertThat(admin(conf("prometheus", "prometheus-port=9700"))).isEqualTo(at("127.0.0.1", 9700));
  }

  @Test
  void assemble_coturnPrometheusPortNotANumber_failsNamingKeyFileAndLine() {
    assertThatThrownBy(() -> admin(conf("realm=x", "prometheus-port=metrics")))
        .hasMessage(
            "/etc/turnserver.conf:2: prometheus-port: 'metrics' is not a port number (1-65535)");
  }

  @Test
  void assemble_coturnPrometheusPortOutOfRange_fails() {
    assertThatThrownBy(() -> admin(conf("prometheus-port=70000")))
        .hasMessage("/etc/turnserver.conf:1: prometheus-port: port 70000 is out of range 1-65535");
  }

  @Test
  void assemble_prometheusPortAndAdminListen_adminListenWins() throws Exception {
    Settings file = conf("prometheus-port=9700");
    Settings flags = commandLine("admin-listen", "127.0.0.1:9800");

    assertThat(admin(file.overriddenBy(flags))).isEqualTo(at("127.0.0.1", 9800));
  }

  @Test
  void assemble_adminListenOnTheCommandLine_beatsTheFile() throws Exception {
    Settings file = yaml("admin:\n  listen: \"127.0.0.1:9700\"\n");
    Settings flags = commandLine("admin-listen", "[::1]:9800");

    assertThat(admin(file.overriddenBy(flags))).isEqualTo(at("::1", 9800));
  }

  @Test
  void assemble_noAdminFlag_turnsAdminOff() throws Exception {
    assertThat(admin(commandLine("no-admin", null))).isNull();
  }

  @Test
  void assemble_noAdminFlagOverFilePrometheus_turnsAdminOff() throws Exception {
    assertThat(admin(conf("prometheus").overriddenBy(commandLine("no-admin", null)))).isNull();
  }

  @Test
  void assemble_badAdminListenOnTheCommandLine_failsNamingTheOption() {
    assertThatThrownBy(() -> admin(commandLine("admin-listen", "9641")))
        .hasMessage(
            "command line: --admin-listen: '9641' is not IP:PORT"
                + " (like 127.0.0.1:9641 or [::1]:9641)");
  }

  @Test
  void assemble_environmentNoAdminTrue_turnsAdminOff() throws Exception {
    assertThat(admin(EnvironmentReader.read(Map.of("TURND_NO_ADMIN", "true")))).isNull();
  }

  @Test
  void assemble_environmentNoAdminFalse_keepsAdminOn() throws Exception {
    assertThat(admin(EnvironmentReader.read(Map.of("TURND_NO_ADMIN", "false")))).isNotNull();
  }

  @Test
  void assemble_badEnvironmentAdminListen_failsNamingTheVariable() {
    assertThatThrownBy(
            () -> admin(EnvironmentReader.read(Map.of("TURND_ADMIN_LISTEN", "127.0.0.1:x"))))
        .hasMessageStartingWith("environment: TURND_ADMIN_LISTEN: '127.0.0.1:x' is not IP:PORT");
  }

  @Test
  void parse_coturnPrometheusUsernameLabels_isRefusedSinceLabelsStayBounded() {
    assertThatThrownBy(() -> conf("prometheus-username-labels"))
        .hasMessageStartingWith(
            "/etc/turnserver.conf:1: prometheus-username-labels: not supported");
  }
}

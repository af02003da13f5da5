package dev.ferry.turn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoturnConfReaderTest {
  private static final Path FILE = Path.of("/etc/turnserver.conf");

  private static Settings parse(String... lines) throws ConfigException {
    return CoturnConfReader.parse(FILE, List.of(lines));
  }

  private static List<String> texts(Settings settings, ConfigKey key) {
    return settings.get(key).orElseThrow().stream().map(SettingValue::text).toList();
  }

  @Test
  void parse_equalsAndSpaceForms_bothSetTheValue() throws Exception {
    Settings settings = parse("listening-port=3479", "min-port 50000", "max-port = 50100");

    assertThat(texts(settings, ConfigKey.LISTENING_PORT)).containsExactly("3479");
    assertThat(texts(settings, ConfigKey.MIN_PORT)).containsExactly("50000");
    assertThat(texts(settings, ConfigKey.MAX_PORT)).containsExactly("50100");
  }

  @Test
  void parse_commentsAndBlankLines_areSkipped() throws Exception {
    Settings settings = parse("# listening-port=1", "", "   # no-udp", "realm=example.org");

    assertThat(settings.has(ConfigKey.LISTENING_PORT)).isFalse();
    assertThat(settings.has(ConfigKey.UDP)).isFalse();
    assertThat(texts(settings, ConfigKey.REALM)).containsExactly("example.org");
  }

  @Test
  void parse_bareFlags_setTheirImpliedValues() throws Exception {
    Settings settings = parse("no-udp", "allow-loopback-peers", "verbose");

    assertThat(texts(settings, ConfigKey.UDP)).containsExactly("false");
    assertThat(texts(settings, ConfigKey.ALLOW_LOOPBACK_PEERS)).containsExactly("true");
    assertThat(texts(settings, ConfigKey.VERBOSE)).containsExactly("true");
  }

  @Test
  void parse_repeatedListKey_keepsEveryValueInOrder() throws Exception {
    Settings settings =
        parse("static-auth-secret=new", "listening-ip=127.0.0.1", "static-auth-secret=old");

    assertThat(texts(settings, ConfigKey.STATIC_AUTH_SECRETS)).containsExactly("new", "old");
  }

  @Test
  void parse_repeatedSingleKey_lastWins() throws Exception {
    Settings settings = parse("listening-port=1000", "listening-port=2000");

    assertThat(settings.last(ConfigKey.LISTENING_PORT).orElseThrow().origin().where())
        .isEqualTo("/etc/turnserver.conf:2");
    assertThat(texts(settings, ConfigKey.LISTENING_PORT)).containsExactly("2000");
  }

  @Test
  void parse_staleNonceBare_meansTheDefault600() throws Exception {
    assertThat(texts(parse("stale-nonce"), ConfigKey.STALE_NONCE)).containsExactly("600");
    assertThat(texts(parse("stale-nonce=120"), ConfigKey.STALE_NONCE)).containsExactly("120");
  }

  @Test
  void parse_keyThatTurnsOffAMissingFeature_isAcceptedWithANotice() throws Exception {
    Settings settings = parse("no-cli");

    assertThat(settings.notices())
        .singleElement()
        .asString()
        .startsWith("/etc/turnserver.conf:1: no-cli: accepted without effect");
  }

  @Test
  void parse_alreadyOnKey_isAcceptedSilently() throws Exception {
    assertThat(parse("lt-cred-mech", "fingerprint").notices()).isEmpty();
  }

  @Test
  void parse_keyAskingForAMissingFeature_failsNamingKeyFileAndLine() {
    assertThatThrownBy(() -> parse("realm=x", "cert=/etc/ssl/turn.pem"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("/etc/turnserver.conf:2: cert: not supported");
  }

  @Test
  void parse_databaseKey_failsWithoutEchoingTheConnectionString() {
    assertThatThrownBy(() -> parse("psql-userdb=\"password=hunter2 dbname=coturn\""))
        .hasMessageStartingWith("/etc/turnserver.conf:1: psql-userdb: not supported")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void parse_unknownKey_failsNamingKeyFileAndLine() {
    assertThatThrownBy(() -> parse("", "listening-prot=3478"))
        .hasMessage("/etc/turnserver.conf:2: listening-prot: unknown option");
  }

  @Test
  void parse_valueOptionWithoutValue_fails() {
    assertThatThrownBy(() -> parse("realm"))
        .hasMessage("/etc/turnserver.conf:1: realm: needs a value");
  }

  @Test
  void parse_flagWithValue_fails() {
    assertThatThrownBy(() -> parse("no-udp=5"))
        .hasMessage("/etc/turnserver.conf:1: no-udp: is a flag and takes no value");
  }

  @Test
  void read_debianExampleConfig_acceptsItWithANoticePerActiveKey() throws Exception {
    Path example =
        Path.of(getClass().getResource("/coturn/debian-example-turnserver.conf").toURI());

    Settings settings = CoturnConfReader.read(example);

    assertThat(settings.notices())
        .hasSize(4)
        .anySatisfy(n -> assertThat(n).contains(": syslog: accepted without effect"))
        .anySatisfy(n -> assertThat(n).contains(": no-rfc5780: accepted without effect"));
    TurndConfig config = ConfigAssembler.assemble(settings);
    assertThat(config.server().port()).isEqualTo(3478);
    assertThat(config.credentialsConfigured()).isFalse();
  }
}

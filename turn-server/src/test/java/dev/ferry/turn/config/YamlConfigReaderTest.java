package dev.ferry.turn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlConfigReaderTest {
  private static final Path FILE = Path.of("/etc/ferry/turnd.yaml");

  private static Settings parse(String yaml) throws ConfigException {
    return YamlConfigReader.parse(FILE, new StringReader(yaml));
  }

  private static List<String> texts(Settings settings, ConfigKey key) {
    return settings.get(key).orElseThrow().stream().map(SettingValue::text).toList();
  }

  @Test
  void parse_sectionsAndLists_mapToKeysWithLineNumbers() throws Exception {
    Settings settings =
        parse(
            """
            listen:
              ips: [127.0.0.1, "::1"]
              port: 3479
            peers:
              denied:
                - 203.0.113.0/24
            """);

    assertThat(texts(settings, ConfigKey.LISTENING_IPS)).containsExactly("127.0.0.1", "::1");
    assertThat(settings.last(ConfigKey.LISTENING_PORT).orElseThrow().origin())
        .isEqualTo(new SettingOrigin("/etc/ferry/turnd.yaml:3", "listen.port"));
    assertThat(settings.last(ConfigKey.DENIED_PEERS).orElseThrow().origin().where())
        .isEqualTo("/etc/ferry/turnd.yaml:6");
  }

  @Test
  void parse_unknownKeyInSection_failsNamingKeyFileAndLine() {
    assertThatThrownBy(() -> parse("listen:\n  port: 3478\n  prot: 5\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("/etc/ferry/turnd.yaml:3: listen.prot: unknown key")
        .hasMessageContaining("port");
  }

  @Test
  void parse_unknownTopLevelKey_failsNamingIt() {
    assertThatThrownBy(() -> parse("listen:\n  port: 3478\nrelays:\n  ips: []\n"))
        .hasMessageStartingWith("/etc/ferry/turnd.yaml:3: relays: unknown key");
  }

  @Test
  void parse_mappingWhereValueExpected_fails() {
    assertThatThrownBy(() -> parse("auth:\n  realm:\n    name: x\n"))
        .hasMessageStartingWith("/etc/ferry/turnd.yaml:3: auth.realm: expected a value");
  }

  @Test
  void parse_listForSingleKey_fails() {
    assertThatThrownBy(() -> parse("listen:\n  port: [1, 2]\n"))
        .hasMessageStartingWith("/etc/ferry/turnd.yaml:2: listen.port: expected a single value");
  }

  @Test
  void parse_duplicateKey_failsNamingIt() {
    assertThatThrownBy(() -> parse("listen:\n  port: 1\n  port: 2\n"))
        .hasMessageContaining("/etc/ferry/turnd.yaml:3")
        .hasMessageContaining("port");
  }

  @Test
  void parse_brokenYaml_failsWithLineButWithoutQuotingTheLine() {
    assertThatThrownBy(() -> parse("auth:\n  static-auth-secrets: [\"hunter2\"\n  realm: x\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("/etc/ferry/turnd.yaml:")
        .hasMessageContaining("not valid YAML")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void parse_emptyValue_keepsTheDefault() throws Exception {
    Settings settings = parse("log:\n  file:\n");

    assertThat(settings.has(ConfigKey.LOG_FILE)).isFalse();
  }

  @Test
  void parse_emptyList_setsTheKeyToNothing() throws Exception {
    Settings settings = parse("listen:\n  ips: []\n");

    assertThat(settings.get(ConfigKey.LISTENING_IPS)).contains(List.of());
  }

  @Test
  void parse_secretFiles_becomeFileReferences() throws Exception {
    Settings settings =
        parse("auth:\n  static-auth-secrets: [a]\n  static-auth-secret-files: [/run/s]\n");

    assertThat(settings.get(ConfigKey.STATIC_AUTH_SECRETS).orElseThrow())
        .extracting(SettingValue::text, SettingValue::fileReference)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", false),
            org.assertj.core.groups.Tuple.tuple("/run/s", true));
  }

  @Test
  void parse_emptyDocument_setsNothing() throws Exception {
    assertThat(parse("# nothing\n").has(ConfigKey.LISTENING_PORT)).isFalse();
  }

  @Test
  void parse_javaTypeTag_isRefused() {
    assertThatThrownBy(() -> parse("transport: !!javax.script.ScriptEngineManager [x]\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("/etc/ferry/turnd.yaml:1: not valid YAML")
        .hasMessageContaining("tag");
  }
}

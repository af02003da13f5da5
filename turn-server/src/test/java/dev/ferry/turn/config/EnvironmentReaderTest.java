package dev.ferry.turn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentReaderTest {

  private static List<String> texts(Settings settings, ConfigKey key) {
    return settings.get(key).orElseThrow().stream().map(SettingValue::text).toList();
  }

  @Test
  void read_valueVariable_setsKeyWithVariableAsOrigin() throws Exception {
    Settings settings = EnvironmentReader.read(Map.of("TURND_LISTENING_PORT", "3479"));

    SettingValue value = settings.last(ConfigKey.LISTENING_PORT).orElseThrow();
    assertThat(value.text()).isEqualTo("3479");
    assertThat(value.origin()).isEqualTo(SettingOrigin.environment("TURND_LISTENING_PORT"));
  }

  @Test
  void read_listVariable_splitsAtCommas() throws Exception {
    Settings settings =
        EnvironmentReader.read(Map.of("TURND_DENIED_PEER_IP", "203.0.113.0/24, 198.51.100.1"));

    assertThat(texts(settings, ConfigKey.DENIED_PEERS))
        .containsExactly("203.0.113.0/24", "198.51.100.1");
  }

  @Test
  void read_secretVariable_isOneValueEvenWithCommas() throws Exception {
    Settings settings = EnvironmentReader.read(Map.of("TURND_STATIC_AUTH_SECRET", "a,b"));

    assertThat(texts(settings, ConfigKey.STATIC_AUTH_SECRETS)).containsExactly("a,b");
  }

  @Test
  void read_flagVariable_takesASwitchValue() throws Exception {
    assertThat(texts(EnvironmentReader.read(Map.of("TURND_NO_UDP", "true")), ConfigKey.UDP))
        .containsExactly("false");
    assertThat(texts(EnvironmentReader.read(Map.of("TURND_NO_UDP", "0")), ConfigKey.UDP))
        .containsExactly("true");
  }

  @Test
  void read_flagVariableWithNonSwitchValue_failsNamingTheVariable() {
    assertThatThrownBy(() -> EnvironmentReader.read(Map.of("TURND_NO_TCP", "maybe")))
        .hasMessageStartingWith("environment: TURND_NO_TCP: 'maybe' is not a switch");
  }

  @Test
  void read_fileVariant_addsAFileReference() throws Exception {
    Settings settings =
        EnvironmentReader.read(Map.of("TURND_STATIC_AUTH_SECRET_FILE", "/run/secrets/turn"));

    SettingValue value = settings.last(ConfigKey.STATIC_AUTH_SECRETS).orElseThrow();
    assertThat(value.fileReference()).isTrue();
    assertThat(value.text()).isEqualTo("/run/secrets/turn");
  }

  @Test
  void read_fileVariantOfNonSecret_isUnknown() {
    assertThatThrownBy(() -> EnvironmentReader.read(Map.of("TURND_REALM_FILE", "/x")))
        .hasMessage("environment: TURND_REALM_FILE: unknown variable (no such turnd option)");
  }

  @Test
  void read_unknownTurndVariable_failsNamingIt() {
    assertThatThrownBy(() -> EnvironmentReader.read(Map.of("TURND_LISTENING_PROT", "1")))
        .hasMessageStartingWith("environment: TURND_LISTENING_PROT: unknown variable");
  }

  @Test
  void read_otherVariables_areIgnored() throws Exception {
    Settings settings = EnvironmentReader.read(Map.of("PATH", "/bin", "HOME", "/root"));

    assertThat(settings.has(ConfigKey.LISTENING_PORT)).isFalse();
    assertThat(settings.notices()).isEmpty();
  }

  @Test
  void read_unsupportedOption_failsNamingTheVariable() {
    assertThatThrownBy(() -> EnvironmentReader.read(Map.of("TURND_CERT", "/x.pem")))
        .hasMessageStartingWith("environment: TURND_CERT: not supported");
  }
}

package dev.ferry.turn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** deploy/turnd.yaml documents the defaults: loading it must change nothing. */
class DefaultConfigFileTest {

  private static Path defaultConfig() {
    Path here = Path.of("").toAbsolutePath();
    for (Path dir = here; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("deploy/turnd.yaml");
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("deploy/turnd.yaml not found above " + here);
  }

  @Test
  void read_deployTurndYaml_equalsTheBuiltInDefaultsApartFromSecrets() throws Exception {
    TurndConfig config = ConfigAssembler.assemble(YamlConfigReader.read(defaultConfig()));

    ServerConfig defaults = ServerConfig.defaults();
    TurnConfig turn = config.server().turn();
    assertThat(config.server().withTurn(defaults.turn())).isEqualTo(defaults);
    assertThat(turn.withAuth(defaults.turn().auth())).isEqualTo(defaults.turn());
    assertThat(turn.auth().realm()).isEqualTo(defaults.turn().auth().realm());
    assertThat(turn.auth().restSeparator()).isEqualTo(defaults.turn().auth().restSeparator());
    assertThat(turn.auth().nonceLifetime()).isEqualTo(defaults.turn().auth().nonceLifetime());
    assertThat(turn.auth().staticUsers().size()).isZero();
    assertThat(turn.auth().restSecrets().isEmpty()).isTrue();
    assertThat(config.credentialsConfigured()).isFalse();
    assertThat(config.logFile()).isNull();
    assertThat(config.verbose()).isFalse();
    assertThat(config.stateDir()).isNull();
    assertThat(config.notices()).isEmpty();
  }

  @Test
  void read_deployTurndYaml_setsEveryYamlKeyExplicitly() throws Exception {
    String text = Files.readString(defaultConfig());

    for (String key :
        new String[] {
          "ips:",
          "port:",
          "udp:",
          "tcp:",
          "min-port:",
          "max-port:",
          "external-ips:",
          "realm:",
          "users:",
          "user-files:",
          "static-auth-secrets:",
          "static-auth-secret-files:",
          "rest-separator:",
          "stale-nonce:",
          "allocation-max:",
          "permission:",
          "channel:",
          "user:",
          "total:",
          "permissions:",
          "channels:",
          "unauthenticated-rate:",
          "unauthenticated-burst:",
          "allowed:",
          "denied:",
          "allow-loopback:",
          "no-multicast:",
          "file:",
          "verbose:",
          "enabled:",
          "listen:",
          "transport:",
          "io-threads:",
          "io-slice-us:",
          "io-coalesce-us:",
          "state-dir:"
        }) {
      assertThat(text)
          .contains(
              "  "
                  + key.replace("transport:", "")
                      .replace("io-threads:", "")
                      .replace("io-slice-us:", "")
                      .replace("io-coalesce-us:", "")
                      .replace("state-dir:", ""));
      assertThat(text).contains(key);
    }
  }
}

package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/turnd with config files as a real process. */
class TurndConfigIT {

  @Test
  void turnd_realisticCoturnConf_startsAndAnswers() throws Exception {
    Path conf = Path.of(TurndConfigIT.class.getResource("/turnserver-realistic.conf").toURI());
    int port = TurndProcess.freePort();
    try (TurndProcess turnd =
        TurndProcess.start("-c", conf.toString(), "--listening-port", Integer.toString(port))) {
      assertThat(turnd.awaitLine("Ready")).as(turnd.output()).isTrue();

      BindingProbe.Answer answer =
          BindingProbe.udp(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5_000);
      assertThat(answer.errorCode()).isZero();
      assertThat(turnd.terminate()).as(turnd.output()).isZero();
      assertThat(turnd.output())
          .contains("Listening on udp 127.0.0.1:" + port)
          .contains("no-cli: accepted without effect")
          .doesNotContain("north-wind-secret-2024")
          .doesNotContain("wonderland");
    }
  }

  @Test
  void turnd_noConfiguration_generatesASecretAndSaysHowToMintCredentials() throws Exception {
    int port = TurndProcess.freePort();
    try (TurndProcess turnd = TurndProcess.start("-L", "127.0.0.1", "-p", Integer.toString(port))) {
      assertThat(turnd.awaitLine("Ready")).as(turnd.output()).isTrue();
      Path secret = turnd.stateDir().resolve("rest-shared-secret");

      assertThat(turnd.terminate()).isZero();
      assertThat(Files.readString(secret).strip()).matches("[0-9a-f]{64}");
      assertThat(turnd.output())
          .contains(
              "bin/turnctl credentials --secret-file "
                  + secret
                  + " --user alice --ttl 24h --uri turn:127.0.0.1:"
                  + port)
          .doesNotContain(Files.readString(secret).strip());
    }
  }

  @Test
  void turnd_badYamlKey_exitsTwoNamingKeyFileAndLine(@TempDir Path dir) throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "listen:\n  port: 3478\n  prot: 1\n");
    try (TurndProcess turnd = TurndProcess.start("--config", bad.toString())) {
      assertThat(turnd.awaitExit()).isEqualTo(2);
      assertThat(turnd.output()).contains(bad + ":3: listen.prot: unknown key");
    }
  }

  @Test
  void turnd_unsupportedCoturnKey_exitsTwoNamingIt(@TempDir Path dir) throws Exception {
    Path conf = Files.writeString(dir.resolve("t.conf"), "realm=x\nredis-userdb=\"ip=1\"\n");
    try (TurndProcess turnd = TurndProcess.start("-c", conf.toString())) {
      assertThat(turnd.awaitExit()).isEqualTo(2);
      assertThat(turnd.output()).contains(conf + ":2: redis-userdb: not supported");
    }
  }
}

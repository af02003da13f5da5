package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CredentialsCommandTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> env, String... args) {
    CommandLine commandLine = new CommandLine(new CredentialsCommand(CLOCK, env));
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  private Path secretFile() throws Exception {
    return Files.writeString(dir.resolve("secret"), "north-wind-secret-2024\nold-secret\n");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> server() {
    Map<String, Object> json = (Map<String, Object>) MiniJson.parse(out.toString());
    assertThat(json).containsOnlyKeys("iceServers");
    List<Object> servers = (List<Object>) json.get("iceServers");
    assertThat(servers).hasSize(1);
    return (Map<String, Object>) servers.get(0);
  }

  @Test
  void credentials_secretFile_printsJsonWithThePasswordOpensslComputes() throws Exception {
    int status =
        run(
            Map.of(),
            "--secret-file",
            secretFile().toString(),
            "--user",
            "alice",
            "--ttl",
            "24h",
            "--uri",
            "turn:turn.example.org:3478");

    assertThat(status).as(err.toString()).isZero();
    Map<String, Object> server = server();
    assertThat(server).containsOnlyKeys("urls", "username", "credential");
    assertThat(server.get("urls")).isEqualTo(List.of("turn:turn.example.org:3478?transport=udp"));
    assertThat(server.get("username")).isEqualTo("1700086400:alice");
    // echo -n "1700086400:alice" | openssl dgst -sha1 -hmac "north-wind-secret-2024" -binary
    //   | base64
    assertThat(server.get("credential")).isEqualTo("ZBennm5V63yA18RIWgx4ptSYx7w=");
  }

  @Test
  void credentials_secretFromEnvironmentWithSeparator_usesThem() {
    int status =
        run(
            Map.of("TURNCTL_SECRET", "north-wind-secret-2024"),
            "--user",
            "bob",
            "--ttl",
            "3600",
            "--separator",
            "/",
            "--uri",
            "turn:192.0.2.1:3478?transport=tcp",
            "--uri",
            "turns:turn.example.org:5349");

    assertThat(status).as(err.toString()).isZero();
    Map<String, Object> server = server();
    assertThat(server.get("urls"))
        .isEqualTo(
            List.of(
                "turn:192.0.2.1:3478?transport=tcp", "turns:turn.example.org:5349?transport=tcp"));
    assertThat(server.get("username")).isEqualTo("1700003600/bob");
    // echo -n "1700003600/bob" | openssl dgst -sha1 -hmac "north-wind-secret-2024" -binary | base64
    assertThat(server.get("credential")).isEqualTo("XGHwwx8xqKeP4TAGRsdM1dfon5Y=");
  }

  @Test
  void credentials_noUri_defaultsToThisHostOnPort3478() throws Exception {
    run(Map.of(), "--secret-file", secretFile().toString(), "--user", "alice");

    assertThat(server().get("urls"))
        .isEqualTo(List.of("turn:" + Hostnames.local() + ":3478?transport=udp"));
  }

  @Test
  void credentials_noSecret_exitsTwoSayingWhereItMayComeFrom() {
    int status = run(Map.of(), "--user", "alice");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("--secret-file").contains("TURNCTL_SECRET");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void credentials_unreadableSecretFile_exitsTwoNamingIt() {
    int status = run(Map.of(), "--secret-file", dir.resolve("nope").toString(), "--user", "a");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("--secret-file: cannot read " + dir.resolve("nope"));
  }

  @Test
  void credentials_badTtl_exitsTwoNamingIt() throws Exception {
    int status =
        run(Map.of(), "--secret-file", secretFile().toString(), "--user", "a", "--ttl", "1w");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("--ttl: '1w' is not a duration");
  }

  @Test
  void credentials_badUri_exitsTwoNamingIt() throws Exception {
    int status =
        run(Map.of(), "--secret-file", secretFile().toString(), "--user", "a", "--uri", "http://x");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("--uri: 'http://x'");
  }

  @Test
  void credentials_secretOption_doesNotExist() {
    int status = run(Map.of(), "--secret", "s", "--user", "a");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option").contains("'--secret'");
  }
}

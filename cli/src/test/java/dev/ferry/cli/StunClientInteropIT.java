package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** coturn's turnutils_stunclient against turnd (run with -Pinterop). */
@EnabledIfSystemProperty(named = "ferry.interop", matches = "true")
class StunClientInteropIT {
  private static final Path STUNCLIENT = Path.of("/usr/bin/turnutils_stunclient");
  private static final Pattern REFLEXIVE = Pattern.compile("UDP reflexive addr: ([0-9.]+):(\\d+)");

  @Test
  void turnutilsStunclient_againstTurnd_printsLoopbackReflexiveAddress() throws Exception {
    if (!Files.isExecutable(STUNCLIENT)) {
      fail(STUNCLIENT + " is missing: install coturn's tools with `apt-get install coturn`");
    }
    int port = TurndProcess.freePort();
    try (TurndProcess turnd =
        TurndProcess.start(
            "--listening-ip", "127.0.0.1", "--listening-port", Integer.toString(port))) {
      assertThat(turnd.awaitLine("Ready")).as(turnd.output()).isTrue();

      String out = run(STUNCLIENT.toString(), "-p", Integer.toString(port), "127.0.0.1");

      Matcher m = REFLEXIVE.matcher(out);
      assertThat(m.find()).as(out).isTrue();
      assertThat(m.group(1)).isEqualTo("127.0.0.1");
      assertThat(Integer.parseInt(m.group(2))).isBetween(1, 65535);
      assertThat(turnd.terminate()).isZero();
    }
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("turnutils_stunclient did not finish within 30 s");
    }
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}

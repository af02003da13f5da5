package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/turnd as a real process: probe, SIGTERM, bad options, log file. */
class TurndIT {

  @Test
  void turnd_probedThenSigterm_answersAndExitsZeroSayingStopped() throws Exception {
    int port = TurndProcess.freePort();
    try (TurndProcess turnd =
        TurndProcess.start(
            "--listening-ip", "127.0.0.1", "--listening-port", Integer.toString(port))) {
      assertThat(turnd.awaitLine("Ready")).as(turnd.output()).isTrue();

      BindingProbe.Answer answer =
          BindingProbe.udp(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5_000);
      assertThat(answer.errorCode()).isZero();
      assertThat(answer.mapped().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
      assertThat(answer.software()).startsWith("Ferry ");

      assertThat(turnd.terminate()).as(turnd.output()).isZero();
      assertThat(turnd.output())
          .contains("Listening on udp 127.0.0.1:" + port)
          .contains("Listening on tcp 127.0.0.1:" + port)
          .contains("Stopped");
    }
  }

  @Test
  void turnd_portOutOfRange_exitsNonZeroNamingTheOption() throws Exception {
    try (TurndProcess turnd = TurndProcess.start("--listening-port", "99999")) {
      assertThat(turnd.awaitExit()).isNotZero();
      assertThat(turnd.output()).contains("--listening-port").contains("99999");
    }
  }

  @Test
  void turnd_badListeningIp_exitsNonZeroNamingTheOption() throws Exception {
    try (TurndProcess turnd = TurndProcess.start("--listening-ip", "300.1.2.3")) {
      assertThat(turnd.awaitExit()).isNotZero();
      assertThat(turnd.output()).contains("--listening-ip").contains("300.1.2.3");
    }
  }

  @Test
  void turnd_logFile_writesTheLogThere(@TempDir Path dir) throws Exception {
    int port = TurndProcess.freePort();
    Path log = dir.resolve("turnd.log");
    try (TurndProcess turnd =
        TurndProcess.start(
            "-L", "127.0.0.1", "-p", Integer.toString(port), "--log-file", log.toString())) {
      // The console stays quiet, so readiness is read from the file.
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!(Files.exists(log) && Files.readString(log).contains("Ready"))
          && System.nanoTime() - deadline < 0) {
        Thread.onSpinWait();
        Thread.yield();
      }
      assertThat(turnd.terminate()).isZero();
    }
    assertThat(Files.readString(log)).contains("Ready").contains("Stopped");
  }
}

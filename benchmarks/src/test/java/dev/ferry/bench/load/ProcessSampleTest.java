package dev.ferry.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessSampleTest {
  @TempDir Path dir;

  @Test
  void ticks_addsUtimeAndStime_countedAfterTheLastParenthesis() throws IOException {
    // A command name may hold spaces and ")": fields are counted after the last ") ".
    Path stat =
        write(
            "stat",
            "4242 (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 37 5 0 0 20 0 3 0 99 1 2");

    assertThat(ProcessSample.ticks(stat.toString())).isEqualTo(42);
  }

  @Test
  void ticks_ofAProcessThatIsGone_isZero() {
    assertThat(ProcessSample.ticks(dir.resolve("missing").toString())).isZero();
  }

  @Test
  void rssKb_readsVmRss() throws IOException {
    Path status =
        write("status", "Name:\tturnd\nVmPeak:\t  900 kB\nVmRSS:\t  51234 kB\nThreads:\t9\n");

    assertThat(ProcessSample.rssKb(status.toString())).isEqualTo(51_234);
  }

  @Test
  void rssKb_withoutAVmRssLine_isZero() throws IOException {
    assertThat(ProcessSample.rssKb(write("status", "Name:\tkthreadd\n").toString())).isZero();
  }

  @Test
  void stealTicks_readsTheEighthValueOfTheAllCpuLine() throws IOException {
    Path stat =
        write(
            "proc-stat",
            "cpu  100 2 300 4000 5 0 6 77 0 0\ncpu0 50 1 150 2000 2 0 3 40 0 0\nintr 1 2\n");

    assertThat(ProcessSample.stealTicks(stat.toString())).isEqualTo(77);
  }

  @Test
  void stealTicks_withoutAnAllCpuLine_isZero() throws IOException {
    assertThat(ProcessSample.stealTicks(write("proc-stat", "intr 1 2\n").toString())).isZero();
  }

  @Test
  void wakeups_sumsVoluntarySwitchesOverTheThreads() throws IOException {
    for (String[] thread : new String[][] {{"101", "7"}, {"102", "35"}}) {
      Path task = Files.createDirectories(dir.resolve("task").resolve(thread[0]));
      Files.writeString(
          task.resolve("status"),
          "Name:\tloop\nvoluntary_ctxt_switches:\t"
              + thread[1]
              + "\nnonvoluntary_ctxt_switches:\t1000\n");
    }

    assertThat(ProcessSample.wakeups(dir.resolve("task").toString())).isEqualTo(42);
  }

  @Test
  void wakeups_ofAProcessThatIsGone_isZero() {
    assertThat(ProcessSample.wakeups(dir.resolve("missing").toString())).isZero();
  }

  @Test
  void line_ofThisProcess_givesTicksRssOwnTicksTimeStealAndWakeups() {
    String[] columns = ProcessSample.line(ProcessHandle.current().pid()).split(" ");

    assertThat(columns).hasSize(6);
    assertThat(Long.parseLong(columns[0])).isPositive();
    assertThat(Long.parseLong(columns[1])).isPositive();
    assertThat(Long.parseLong(columns[2])).isPositive();
    assertThat(columns[3]).matches("\\d{10,}\\.\\d{6}");
    assertThat(columns[4]).matches("steal=\\d+");
    assertThat(columns[5]).matches("wakeups=[1-9]\\d*");
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }
}

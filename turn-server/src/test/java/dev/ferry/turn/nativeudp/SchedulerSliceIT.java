package dev.ferry.turn.nativeudp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** sched_setattr's custom slice on this kernel (Linux 6.12+ on the build machines). */
class SchedulerSliceIT {
  // Each test asks on a thread of its own: a slice stays with the thread that asked.
  private ExecutorService thread;

  @BeforeEach
  void start() {
    NativeUdpRequired.check();
    thread = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (thread != null) {
      thread.shutdownNow();
      assertThat(thread.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  private <T> T onThread(Callable<T> task) throws Exception {
    return thread.submit(task).get(5, TimeUnit.SECONDS);
  }

  @Test
  void requestForCurrentThread_kernelReportsTheRequestedSlice() throws Exception {
    SchedulerSlice.Outcome outcome = onThread(() -> SchedulerSlice.requestForCurrentThread(300));

    assertThat(outcome).isEqualTo(SchedulerSlice.Outcome.APPLIED);
    assertThat(onThread(SchedulerSlice::currentThreadMicros)).isEqualTo(300);
  }

  @Test
  void requestForCurrentThread_leavesOtherThreadsAlone() throws Exception {
    long before = SchedulerSlice.currentThreadMicros();

    onThread(() -> SchedulerSlice.requestForCurrentThread(100));

    assertThat(SchedulerSlice.currentThreadMicros()).isEqualTo(before);
  }

  @Test
  void requestForCurrentThread_keepsTheNiceValue() throws Exception {
    long nice =
        onThread(
            () -> {
              reniceCurrentThread(7);
              SchedulerSlice.requestForCurrentThread(100);
              return niceOfCurrentThread();
            });

    assertThat(nice).isEqualTo(7);
  }

  @Test
  void requestForCurrentThread_outsideTheKernelsRange_isRejectedBeforeAsking() {
    assertThatThrownBy(() -> SchedulerSlice.requestForCurrentThread(99))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("100-100000");
    assertThatThrownBy(() -> SchedulerSlice.requestForCurrentThread(100_001))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Raising a thread's nice value needs no privilege; renice takes a thread id for -p. */
  private static void reniceCurrentThread(int nice) throws Exception {
    String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
    Process renice =
        new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p", tid)
            .redirectErrorStream(true)
            .start();
    assertThat(renice.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(renice.exitValue()).isZero();
    assertThat(niceOfCurrentThread()).isEqualTo(nice);
  }

  /** Field 19 of /proc/thread-self/stat; the command name before it may hold spaces. */
  private static long niceOfCurrentThread() throws Exception {
    String stat = Files.readString(Path.of("/proc/thread-self/stat"));
    String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(afterName[16]);
  }
}

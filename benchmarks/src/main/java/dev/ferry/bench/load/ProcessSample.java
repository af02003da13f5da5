package dev.ferry.bench.load;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * CPU ticks and resident memory of a process, read from /proc at a phase boundary by the generator
 * itself: a script polling for the phases would wake every few milliseconds and, on a 2-CPU
 * machine, delay the very packets being timed (perf sched showed its grep and sleep runs ahead of
 * the relay thread in the slowest round trips).
 */
final class ProcessSample {
  private ProcessSample() {}

  /**
   * "SERVER_TICKS SERVER_RSS_KB OWN_TICKS EPOCH_SECONDS steal=MACHINE_STEAL_TICKS
   * wakeups=SERVER_WAKEUPS", the columns the benchmark scripts write after each phase name; a
   * process that is gone reads as 0 ticks and 0 kB. The steal ticks (time the hypervisor ran
   * something else while this VM's CPUs wanted to run) let a script tell a disturbed measurement
   * from a slow server; the server's wake-ups (its threads' voluntary context switches), set
   * against the packets it relayed, say how much each wake-up carries, which sets its CPU per
   * packet when few are in flight.
   */
  static String line(long serverPid) {
    Instant now = Instant.now();
    return ticks("/proc/" + serverPid + "/stat")
        + " "
        + rssKb("/proc/" + serverPid + "/status")
        + " "
        + ticks("/proc/self/stat")
        + " "
        + now.getEpochSecond()
        + "."
        + String.format("%06d", now.getNano() / 1000)
        + " steal="
        + stealTicks("/proc/stat")
        + " wakeups="
        + wakeups("/proc/" + serverPid + "/task");
  }

  /**
   * Voluntary context switches summed over the threads in {@code taskDir} (/proc/PID/task): each is
   * a sleep, so each is followed by a wake-up. A thread that exits takes its count with it, which a
   * server's threads do not do under load. 0 if the process is gone.
   */
  static long wakeups(String taskDir) {
    long sum = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of(taskDir))) {
      for (Path task : tasks) {
        sum += lineValue(task.resolve("status").toString(), "voluntary_ctxt_switches:", 0);
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return sum;
  }

  /** The steal column (the eighth value) of the all-CPU line of /proc/stat; 0 if unreadable. */
  static long stealTicks(String procStatPath) {
    return lineValue(procStatPath, "cpu ", 7);
  }

  /** utime + stime, fields 14 and 15 of /proc/PID/stat, counted after the command's ")". */
  static long ticks(String statPath) {
    try {
      String stat = Files.readString(Path.of(statPath));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  static long rssKb(String statusPath) {
    return lineValue(statusPath, "VmRSS:", 0);
  }

  /**
   * Value {@code index} (counted from 0, whitespace-separated) after {@code prefix} on the first
   * line of {@code path} that starts with it; 0 if there is none or the file is unreadable.
   */
  private static long lineValue(String path, String prefix, int index) {
    try {
      for (String line : Files.readAllLines(Path.of(path))) {
        if (line.startsWith(prefix)) {
          return Long.parseLong(line.substring(prefix.length()).trim().split("\\s+")[index]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }
}

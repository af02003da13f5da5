package dev.ferry.turn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.turn.config.ServerConfig;
import dev.ferry.turn.nativeudp.NativeUdpRequired;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The event loop threads run with the configured scheduler slice (io-slice-us). */
class EventLoopSliceIT {
  private static final Path TASKS = Path.of("/proc/self/task");

  private TurnServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  private Map<String, Long> startAndReadLoopSlices(ServerConfig config) throws IOException {
    Map<String, Long> before = loopThreadSlices();
    server = TurnServer.start(config);
    Map<String, Long> started = loopThreadSlices();
    // Loop threads of servers stopped by earlier tests in this JVM may still be exiting.
    started.keySet().removeAll(before.keySet());
    return started;
  }

  private static ServerConfig twoLoops() {
    return ServerConfig.defaults()
        .withListeningIps(List.of(InetAddress.getLoopbackAddress()))
        .withPort(0)
        .withIoThreads(2)
        .withAdminAddress(null);
  }

  @Test
  void defaultConfig_everyLoopThreadRunsWithTheShortestSlice() throws IOException {
    NativeUdpRequired.check();

    Map<String, Long> slices = startAndReadLoopSlices(twoLoops());

    assertThat(slices).hasSize(2);
    assertThat(slices.values()).containsOnly(100_000L);
  }

  @Test
  void sliceZero_loopThreadsKeepTheKernelsDefault() throws IOException {
    NativeUdpRequired.check();
    long kernelDefault = sliceOf(Path.of("/proc/thread-self"));

    Map<String, Long> slices = startAndReadLoopSlices(twoLoops().withIoSliceMicros(0));

    assertThat(slices).hasSize(2);
    assertThat(slices.values()).containsOnly(kernelDefault);
  }

  /** Thread id to se.slice (ns) for this process's ferry-io threads. */
  private static Map<String, Long> loopThreadSlices() throws IOException {
    Map<String, Long> slices = new HashMap<>();
    try (Stream<Path> tasks = Files.list(TASKS)) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        if (commandName(task).startsWith("ferry-io")) {
          slices.put(task.getFileName().toString(), sliceOf(task));
        }
      }
    }
    return slices;
  }

  private static String commandName(Path task) {
    try {
      return Files.readString(task.resolve("comm")).strip();
    } catch (IOException e) {
      return ""; // the thread exited while we listed
    }
  }

  private static long sliceOf(Path task) throws IOException {
    for (String line : Files.readAllLines(task.resolve("sched"))) {
      if (line.startsWith("se.slice")) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
      }
    }
    throw new AssertionError("no se.slice in " + task.resolve("sched"));
  }
}

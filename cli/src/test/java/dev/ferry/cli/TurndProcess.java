package dev.ferry.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A real {@code bin/turnd} process for integration tests, with its output captured. */
final class TurndProcess implements AutoCloseable {
  private static final long START_DEADLINE_MS = 60_000;

  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private final Path stateDir;

  private TurndProcess(Process process, Path stateDir) {
    this.process = process;
    this.stateDir = stateDir;
    this.reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  output.add(line);
                  synchronized (output) {
                    output.notifyAll();
                  }
                }
              } catch (IOException e) {
                output.add("<output read failed: " + e + ">");
              }
              synchronized (output) {
                output.notifyAll();
              }
            },
            "turnd-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** The repository root (the failsafe configuration passes it). */
  static Path projectRoot() {
    String root = System.getProperty("ferry.project.root");
    Path path = root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
    return path.resolve("bin/turnd").toFile().exists() ? path : path.getParent();
  }

  /**
   * Starts {@code bin/turnd} with the arguments, stdout and stderr merged, and a fresh state
   * directory, so that a test never writes a generated secret to /var/lib or the home directory,
   * and the admin endpoints on an ephemeral loopback port.
   */
  static TurndProcess start(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(projectRoot().resolve("bin/turnd").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Path stateDir = Files.createTempDirectory("turnd-state");
    builder.environment().put("TURND_STATE_DIR", stateDir.toString());
    // Metrics on an ephemeral port, so that parallel runs never collide on 9641; options win.
    builder.environment().put("TURND_ADMIN_LISTEN", "127.0.0.1:0");
    return new TurndProcess(builder.start(), stateDir);
  }

  /** A port that is free for both UDP and TCP on loopback right now. */
  static int freePort() throws IOException {
    for (int attempt = 0; attempt < 20; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = tcp.getLocalPort();
        try (DatagramSocket udp = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
          return port;
        } catch (IOException taken) {
          // UDP side in use: try another.
        }
      }
    }
    throw new IOException("no port free for both UDP and TCP");
  }

  /** Waits (bounded) until a line contains {@code text}; false if the process ended first. */
  boolean awaitLine(String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_DEADLINE_MS);
    synchronized (output) {
      while (true) {
        if (output.stream().anyMatch(l -> l.contains(text))) {
          return true;
        }
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
          return false;
        }
        output.wait(Math.min(left, 200));
      }
    }
  }

  /** Sends SIGTERM and waits (bounded) for the exit status. */
  int terminate() throws InterruptedException {
    // SIGTERM through the handle: Process.destroy() would also close our end of the output pipe,
    // losing the last log lines.
    process.toHandle().destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("turnd did not stop within 30 s after SIGTERM:\n" + output());
    }
    reader.join(5_000);
    return process.exitValue();
  }

  /** Waits (bounded) for the process to end by itself. */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("turnd did not exit:\n" + output());
    }
    reader.join(5_000);
    return process.exitValue();
  }

  /** Everything printed so far. */
  String output() {
    return String.join("\n", output);
  }

  /** The state directory this process was given. */
  Path stateDir() {
    return stateDir;
  }

  @Override
  public void close() throws IOException {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
    try (var files = Files.walk(stateDir)) {
      for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}

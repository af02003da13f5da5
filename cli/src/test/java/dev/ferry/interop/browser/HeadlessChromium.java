package dev.ferry.interop.browser;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ferry.interop.ProcessHandles;
import dev.ferry.interop.TempFolders;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Debian's headless Chromium with a throw-away profile, fake camera and loopback WebRTC enabled,
 * reachable over the DevTools protocol on a port it picks itself.
 */
public final class HeadlessChromium implements AutoCloseable {

  /** Where Debian's chromium package puts the browser. */
  public static final Path BINARY = Path.of("/usr/bin/chromium");

  private static final Duration STOP_DEADLINE = Duration.ofSeconds(10);
  private static final Duration POLL = Duration.ofMillis(50);

  private final Process process;
  private final Path userDataDir;
  private final int devToolsPort;
  private final HttpClient http;

  private HeadlessChromium(Process process, Path userDataDir, int devToolsPort, HttpClient http) {
    this.process = process;
    this.userDataDir = userDataDir;
    this.devToolsPort = devToolsPort;
    this.http = http;
  }

  /** Starts the browser with its stdout and stderr going to {@code log}. */
  public static HeadlessChromium launch(Path log, Duration deadline) throws IOException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(
          BINARY + " is missing: install it with `apt-get install chromium chromium-driver`");
    }
    Files.createDirectories(log.toAbsolutePath().getParent());
    Path userDataDir = Files.createTempDirectory("ferry-chromium-");
    List<String> command =
        List.of(
            BINARY.toString(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            // Without these it keeps trying to reach the internet.
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--user-data-dir=" + userDataDir,
            // A fake camera, and no permission prompt, so that getUserMedia works headless.
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            "--autoplay-policy=no-user-gesture-required",
            // Where loopback is the only interface, WebRTC otherwise does nothing at all.
            "--allow-loopback-in-peer-connection",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            "about:blank");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      int port = awaitDevToolsPort(process, userDataDir.resolve("DevToolsActivePort"), deadline);
      HttpClient http = HttpClient.newBuilder().connectTimeout(deadline).build();
      return new HeadlessChromium(process, userDataDir, port, http);
    } catch (RuntimeException | IOException e) {
      ProcessHandles.stop(process.toHandle(), STOP_DEADLINE);
      TempFolders.deleteRecursively(userDataDir);
      throw e;
    }
  }

  /**
   * Opens a new tab on {@code url}, waits for its load event and returns a session on it; every
   * protocol event of the tab also goes to {@code eventSink}.
   */
  public DevToolsSession openPage(URI url, Consumer<JsonObject> eventSink, Duration deadline)
      throws IOException {
    URI newTarget = URI.create("http://127.0.0.1:" + devToolsPort + "/json/new");
    HttpResponse<String> created;
    try {
      // Chromium wants PUT here; GET is refused since version 111.
      created =
          http.send(
              HttpRequest.newBuilder(newTarget)
                  .timeout(deadline)
                  .PUT(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted opening a tab", e);
    }
    if (created.statusCode() != 200) {
      throw new IOException("/json/new answered " + created.statusCode() + ": " + created.body());
    }
    JsonObject target = JsonParser.parseString(created.body()).getAsJsonObject();
    URI webSocketUrl = URI.create(target.get("webSocketDebuggerUrl").getAsString());
    DevToolsSession session = DevToolsSession.connect(http, webSocketUrl, eventSink, deadline);
    try {
      session.call("Runtime.enable", new JsonObject(), deadline);
      session.call("Page.enable", new JsonObject(), deadline);
      var loaded = session.nextEvent("Page.loadEventFired");
      JsonObject navigate = new JsonObject();
      navigate.addProperty("url", url.toString());
      JsonObject result = session.call("Page.navigate", navigate, deadline);
      if (result.has("errorText")) {
        throw new IOException("navigating to " + url + " failed: " + result.get("errorText"));
      }
      loaded.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
      return session;
    } catch (TimeoutException | ExecutionException e) {
      session.close();
      throw new IOException(url + " did not finish loading within " + deadline, e);
    } catch (InterruptedException e) {
      session.close();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted loading " + url, e);
    } catch (RuntimeException | IOException e) {
      session.close();
      throw e;
    }
  }

  /** The browser's process id, for diagnosis. */
  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    try {
      ProcessHandles.stop(process.toHandle(), STOP_DEADLINE);
    } finally {
      TempFolders.deleteRecursively(userDataDir);
    }
  }

  private static int awaitDevToolsPort(Process process, Path portFile, Duration deadline)
      throws IOException {
    long end = System.nanoTime() + deadline.toNanos();
    while (end - System.nanoTime() > 0) {
      if (Files.exists(portFile)) {
        List<String> lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
        // Written in two steps by the browser: only a complete first line is a port.
        if (lines.size() >= 2 && lines.get(0).matches("\\d+")) {
          return Integer.parseInt(lines.get(0));
        }
      }
      if (!process.isAlive()) {
        throw new IOException("chromium exited with status " + process.exitValue());
      }
      try {
        process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for chromium", e);
      }
    }
    throw new IOException("chromium wrote no " + portFile + " within " + deadline);
  }
}

package dev.ferry.interop;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * TURN REST credentials as an operator gets them: from {@code bin/turnctl credentials}, whose
 * output is the {@code iceServers} JSON a web page hands to {@code RTCPeerConnection}.
 */
public final class TurnctlCredentials {

  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private TurnctlCredentials() {}

  /**
   * Runs {@code turnctl credentials} and returns the user name and credential of the ICE server
   * whose {@code urls} name {@code uri}; anything else in the output fails with the output quoted.
   */
  public static TurnRestCredentials mint(
      Path secretFile, String user, Duration ttl, String uri, Path log) throws IOException {
    if (ttl.toHours() < 1 || !ttl.equals(Duration.ofHours(ttl.toHours()))) {
      throw new IllegalArgumentException("whole hours only, as in --ttl 24h: " + ttl);
    }
    Path turnctl = FerryServer.projectRoot().resolve("bin/turnctl");
    List<String> command =
        List.of(
            turnctl.toString(),
            "credentials",
            "--secret-file",
            secretFile.toString(),
            "--user",
            user,
            "--ttl",
            ttl.toHours() + "h",
            "--uri",
            uri);
    Files.createDirectories(log.toAbsolutePath().getParent());
    Path stderr = log.resolveSibling(log.getFileName() + ".stderr");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(log.toFile())
            .redirectError(stderr.toFile())
            .start();
    boolean finished;
    try {
      finished = process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = false;
    } finally {
      if (process.isAlive()) {
        ProcessHandles.stop(process.toHandle(), Duration.ofSeconds(5));
      }
    }
    String stdout = Files.readString(log, StandardCharsets.UTF_8);
    String context =
        "$ "
            + String.join(" ", command)
            + "\nstdout:\n"
            + stdout
            + "\nstderr:\n"
            + LogTail.of(stderr);
    if (!finished || process.exitValue() != 0) {
      throw new IllegalStateException(
          "turnctl credentials "
              + (finished ? "exited " + process.exitValue() : "hung")
              + "\n"
              + context);
    }
    return fromIceServersJson(stdout, uri)
        .orElseThrow(() -> new IllegalStateException("no ICE server for " + uri + "\n" + context));
  }

  /** The credentials of the ICE server listing {@code uri} in {@code {"iceServers": [...]}}. */
  static Optional<TurnRestCredentials> fromIceServersJson(String json, String uri) {
    JsonObject root = JsonParser.parseString(json).getAsJsonObject();
    for (JsonElement element : root.getAsJsonArray("iceServers")) {
      JsonObject server = element.getAsJsonObject();
      if (urls(server).contains(uri) && server.has("username") && server.has("credential")) {
        return Optional.of(
            new TurnRestCredentials(
                server.get("username").getAsString(), server.get("credential").getAsString()));
      }
    }
    return Optional.empty();
  }

  private static List<String> urls(JsonObject server) {
    JsonElement urls = server.get("urls");
    List<String> result = new ArrayList<>();
    if (urls == null) {
      return result;
    }
    if (urls.isJsonArray()) {
      JsonArray array = urls.getAsJsonArray();
      array.forEach(url -> result.add(url.getAsString()));
    } else {
      result.add(urls.getAsString());
    }
    return result;
  }
}

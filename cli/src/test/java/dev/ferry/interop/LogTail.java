package dev.ferry.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a tool's or server's log, for failure messages that explain themselves. */
public final class LogTail {

  private static final int LINES = 40;

  private LogTail() {}

  /** The last lines of {@code log}, or a note saying why there are none. */
  public static String of(Path log) {
    if (!Files.exists(log)) {
      return "(no log at " + log + ")";
    }
    try {
      List<String> lines =
          new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - LINES), lines.size()));
    } catch (IOException e) {
      return "(could not read " + log + ": " + e + ")";
    }
  }
}

package dev.ferry.turn.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Picks where {@code turnd} keeps what it generates on first start: the configured directory
 * ({@code state-dir}, {@code TURND_STATE_DIR}), else {@code /var/lib/turnd} when the process may
 * write there (a system service), else {@code ~/.local/state/ferry} (a user).
 */
public final class StateDirectory {
  /** The system-wide default. */
  public static final Path SYSTEM = Path.of("/var/lib/turnd");

  private StateDirectory() {}

  /** The defaults for a user whose home is {@code home}, system directory first. */
  public static List<Path> defaultCandidates(Path home) {
    return List.of(SYSTEM, home.resolve(".local/state/ferry"));
  }

  /**
   * The configured directory, or the first candidate that exists and is writable or could be
   * created; the last candidate when none qualifies (creating it will then report why).
   */
  public static Path resolve(Path configured, List<Path> candidates) {
    if (configured != null) {
      return configured;
    }
    for (Path candidate : candidates) {
      if (usable(candidate)) {
        return candidate;
      }
    }
    return candidates.get(candidates.size() - 1);
  }

  private static boolean usable(Path dir) {
    if (Files.isDirectory(dir)) {
      return Files.isWritable(dir);
    }
    Optional<Path> existing = Optional.ofNullable(dir.toAbsolutePath().getParent());
    while (existing.isPresent() && !Files.exists(existing.get())) {
      existing = Optional.ofNullable(existing.get().getParent());
    }
    return existing.isPresent()
        && Files.isDirectory(existing.get())
        && Files.isWritable(existing.get());
  }
}

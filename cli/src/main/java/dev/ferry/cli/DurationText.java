package dev.ferry.cli;

import java.time.Duration;
import java.util.Optional;

/** Reads durations as operators type them: {@code 3600}, {@code 90s}, {@code 30m}, {@code 24h}. */
final class DurationText {
  /** Ten years: far beyond any sensible credential, short of overflowing an expiry timestamp. */
  private static final Duration MAX = Duration.ofDays(3650);

  private DurationText() {}

  /** A positive duration of at most ten years; seconds when no suffix is given. */
  static Optional<Duration> parse(String text) {
    String s = text.strip();
    if (s.isEmpty()) {
      return Optional.empty();
    }
    char unit = s.charAt(s.length() - 1);
    long seconds =
        switch (unit) {
          case 's' -> 1;
          case 'm' -> 60;
          case 'h' -> 3600;
          case 'd' -> 86400;
          default -> 0;
        };
    String digits = seconds == 0 ? s : s.substring(0, s.length() - 1);
    if (seconds == 0) {
      seconds = 1;
    }
    if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    Duration duration = Duration.ofSeconds(Long.parseLong(digits) * seconds);
    if (duration.isZero() || duration.compareTo(MAX) > 0) {
      return Optional.empty();
    }
    return Optional.of(duration);
  }
}

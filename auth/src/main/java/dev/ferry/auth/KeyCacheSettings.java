package dev.ferry.auth;

import java.time.Duration;

/**
 * Bounds of the derived-key cache: at most {@code maximumSize} entries, each dropped {@code
 * expireAfterWrite} after it was loaded (sooner for REST keys that expire before).
 */
public record KeyCacheSettings(long maximumSize, Duration expireAfterWrite) {
  public static final KeyCacheSettings DEFAULT =
      new KeyCacheSettings(10_000, Duration.ofMinutes(5));

  public KeyCacheSettings {
    if (maximumSize < 0) {
      throw new IllegalArgumentException("maximumSize must not be negative: " + maximumSize);
    }
    if (expireAfterWrite.isNegative() || expireAfterWrite.isZero()) {
      throw new IllegalArgumentException("expireAfterWrite must be positive: " + expireAfterWrite);
    }
  }
}

package dev.ferry.turn.config;

import java.util.Objects;

/**
 * One raw value as the operator wrote it, not yet checked.
 *
 * @param text the value (for a file reference: the path)
 * @param origin where it came from
 * @param fileReference whether {@code text} names a file whose non-blank lines are the values (the
 *     {@code *_FILE} convention for secrets)
 */
public record SettingValue(String text, SettingOrigin origin, boolean fileReference) {

  public SettingValue {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(origin, "origin");
  }

  /** A plain value. */
  public static SettingValue of(String text, SettingOrigin origin) {
    return new SettingValue(text, origin, false);
  }

  /** A file to read the values from. */
  public static SettingValue file(String path, SettingOrigin origin) {
    return new SettingValue(path, origin, true);
  }
}

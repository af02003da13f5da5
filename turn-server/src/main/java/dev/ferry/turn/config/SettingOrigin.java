package dev.ferry.turn.config;

import java.nio.file.Path;

/**
 * Where a value came from and how it was spelled there, so that an error can point the operator at
 * the exact line, variable or option.
 *
 * @param where "command line", "environment", "built-in default", or {@code file:line}
 * @param key the key as written in that source ({@code --listening-port}, {@code
 *     TURND_LISTENING_PORT}, {@code listen.port})
 */
public record SettingOrigin(String where, String key) {

  /** An option given on the command line. */
  public static SettingOrigin commandLine(String option) {
    return new SettingOrigin("command line", option);
  }

  /** An environment variable. */
  public static SettingOrigin environment(String variable) {
    return new SettingOrigin("environment", variable);
  }

  /** A key on a line of a configuration file. */
  public static SettingOrigin file(Path file, int line, String key) {
    return new SettingOrigin(file + ":" + line, key);
  }

  /** "where: key", the prefix of every configuration error. */
  public String describe() {
    return where + ": " + key;
  }

  @Override
  public String toString() {
    return describe();
  }
}

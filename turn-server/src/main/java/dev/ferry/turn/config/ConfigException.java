package dev.ferry.turn.config;

/**
 * A configuration the operator must fix; the message names the key and where it was given, and
 * never contains a secret.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  /** "{@code where: key: problem}". */
  public static ConfigException at(SettingOrigin origin, String problem) {
    return new ConfigException(origin.describe() + ": " + problem);
  }
}

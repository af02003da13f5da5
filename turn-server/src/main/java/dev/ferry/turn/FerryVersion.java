package dev.ferry.turn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The Ferry version baked in at build time, for SOFTWARE attributes, logs and {@code --version}.
 */
public final class FerryVersion {
  private static final String VERSION = load();

  private FerryVersion() {}

  /** The version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String version() {
    return VERSION;
  }

  /** The SOFTWARE attribute value: {@code Ferry <version>} (RFC 8489 §14.14). */
  public static String software() {
    return "Ferry " + VERSION;
  }

  private static String load() {
    try (InputStream in = FerryVersion.class.getResourceAsStream("ferry-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.ferry.turn.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads coturn's {@code turnserver.conf} as is: one option per line as {@code key=value}, {@code
 * key value} or a bare flag, {@code #} comment lines, repeated keys for lists (a repeated single
 * key: the last one wins).
 */
public final class CoturnConfReader {
  private CoturnConfReader() {}

  /** Reads {@code file}; an unknown or unsupported key fails with its line number. */
  public static Settings read(Path file) throws ConfigException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read the configuration file: " + e);
    }
    return parse(file, lines);
  }

  /** Parses the lines of {@code file} (exposed for tests). */
  static Settings parse(Path file, List<String> lines) throws ConfigException {
    Settings.Builder out = Settings.builder();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int cut = 0;
      while (cut < line.length()
          && line.charAt(cut) != '='
          && !Character.isWhitespace(line.charAt(cut))) {
        cut++;
      }
      String key = line.substring(0, cut);
      String rest = line.substring(cut).strip();
      if (rest.startsWith("=")) {
        rest = rest.substring(1).strip();
      }
      SettingOrigin origin = SettingOrigin.file(file, i + 1, key);
      if (key.isEmpty()) {
        throw ConfigException.at(origin, "a line must start with an option name");
      }
      CoturnOptions.Option option =
          CoturnOptions.find(key).orElseThrow(() -> ConfigException.at(origin, "unknown option"));
      OptionApplier.apply(option, rest.isEmpty() ? null : rest, false, origin, out);
    }
    return out.build();
  }
}

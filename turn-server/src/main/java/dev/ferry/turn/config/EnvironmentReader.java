package dev.ferry.turn.config;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads {@code TURND_*} environment variables: {@code TURND_} plus a coturn option name in upper
 * case with underscores ({@code TURND_LISTENING_PORT}, {@code TURND_NO_UDP=true}). List values are
 * comma-separated, except secrets, which are one value each; {@code TURND_STATIC_AUTH_SECRET_FILE}
 * and {@code TURND_USER_FILE} name files with one secret or user per line, so that secrets stay out
 * of the process environment.
 */
public final class EnvironmentReader {
  private static final String PREFIX = "TURND_";
  private static final String FILE_SUFFIX = "_FILE";

  private EnvironmentReader() {}

  /** Reads the variables of {@code environment} that start with {@code TURND_}. */
  public static Settings read(Map<String, String> environment) throws ConfigException {
    Settings.Builder out = Settings.builder();
    // Sorted, so that two bad variables always report the same one first.
    for (Map.Entry<String, String> entry : new TreeMap<>(environment).entrySet()) {
      String name = entry.getKey();
      if (!name.startsWith(PREFIX)) {
        continue;
      }
      String value = entry.getValue();
      SettingOrigin origin = SettingOrigin.environment(name);
      Optional<CoturnOptions.Option> direct = byName(name);
      if (direct.isPresent()) {
        apply(direct.get(), value, origin, out);
        continue;
      }
      if (name.endsWith(FILE_SUFFIX)) {
        Optional<CoturnOptions.Option> secret =
            byName(name.substring(0, name.length() - FILE_SUFFIX.length()))
                .filter(o -> o.key() != null && o.key().isSecret());
        if (secret.isPresent()) {
          if (value.isBlank()) {
            throw ConfigException.at(origin, "needs a file name");
          }
          out.add(secret.get().key(), SettingValue.file(value.strip(), origin));
          continue;
        }
      }
      throw ConfigException.at(origin, "unknown variable (no such turnd option)");
    }
    return out.build();
  }

  private static void apply(
      CoturnOptions.Option option, String value, SettingOrigin origin, Settings.Builder out)
      throws ConfigException {
    ConfigKey key = option.key();
    if (key != null && key.isList() && !key.isSecret()) {
      for (String part : value.split(",", -1)) {
        OptionApplier.apply(option, part.strip(), true, origin, out);
      }
    } else {
      OptionApplier.apply(option, value.strip(), true, origin, out);
    }
  }

  private static Optional<CoturnOptions.Option> byName(String variable) {
    // "Verbose"" and "verbose" share TURND_VERBOSE; both mean the same.
    return CoturnOptions.all().stream()
        .filter(o -> o.environmentName().equals(variable))
        .findFirst();
  }
}

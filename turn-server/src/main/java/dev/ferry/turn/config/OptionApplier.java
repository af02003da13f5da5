package dev.ferry.turn.config;

import dev.ferry.turn.config.CoturnOptions.Arity;
import dev.ferry.turn.config.CoturnOptions.Option;
import java.util.Locale;

/**
 * Applies one coturn-style option, wherever it was given, to a source's settings: maps it, accepts
 * it with a notice, or refuses it.
 */
public final class OptionApplier {
  private OptionApplier() {}

  /**
   * @param value the value written after the option, or null for a bare flag
   * @param valueIsSwitch whether a value given to a flag is a yes/no switch (the environment)
   *     rather than a mistake (a config file line {@code no-udp=5})
   */
  public static void apply(
      Option option,
      String value,
      boolean valueIsSwitch,
      SettingOrigin origin,
      Settings.Builder out)
      throws ConfigException {
    switch (option.handling()) {
      case ALREADY_ON -> {
        // Nothing to do: the option asks for Ferry's behaviour.
      }
      case NOTICE -> out.notice(origin.describe() + ": accepted without effect: " + option.text());
      case UNSUPPORTED -> throw ConfigException.at(origin, "not supported: " + option.text());
      case MAPPED -> mapped(option, value, valueIsSwitch, origin, out);
    }
  }

  private static void mapped(
      Option option,
      String value,
      boolean valueIsSwitch,
      SettingOrigin origin,
      Settings.Builder out)
      throws ConfigException {
    ConfigKey key = option.key();
    if (option.arity() == Arity.ONE) {
      if (value == null || value.isEmpty()) {
        throw ConfigException.at(origin, "needs a value");
      }
      out.add(key, SettingValue.of(value, origin));
    } else if (option.arity() == Arity.OPTIONAL) {
      out.add(
          key,
          SettingValue.of(value == null || value.isEmpty() ? option.implied() : value, origin));
    } else if (value == null || value.isEmpty()) {
      out.add(key, SettingValue.of(option.implied(), origin));
    } else if (valueIsSwitch) {
      Boolean on = parseSwitch(value);
      if (on == null) {
        throw ConfigException.at(
            origin, "'" + value + "' is not a switch (true/false, yes/no, on/off, 1/0)");
      }
      boolean implied = Boolean.parseBoolean(option.implied());
      out.add(key, SettingValue.of(Boolean.toString(on == implied), origin));
    } else {
      throw ConfigException.at(origin, "is a flag and takes no value");
    }
  }

  /** true, false, or null when {@code text} is no switch value. */
  public static Boolean parseSwitch(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> Boolean.TRUE;
      case "false", "no", "off", "0" -> Boolean.FALSE;
      default -> null;
    };
  }
}

package dev.ferry.cli;

import dev.ferry.turn.config.ConfigException;
import dev.ferry.turn.config.CoturnOptions;
import dev.ferry.turn.config.CoturnOptions.Arity;
import dev.ferry.turn.config.CoturnOptions.Handling;
import dev.ferry.turn.config.OptionApplier;
import dev.ferry.turn.config.SettingOrigin;
import dev.ferry.turn.config.Settings;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Declares coturn's long options (and their one-letter forms) on a picocli command from {@link
 * CoturnOptions}, and reads what was given back as raw settings, so that the command line goes
 * through the same validation as the config files.
 */
final class CoturnCommandLine {
  private CoturnCommandLine() {}

  /** Adds every known option; only the mapped ones show in the help. */
  static void declare(CommandSpec spec) {
    for (CoturnOptions.Option option : CoturnOptions.all()) {
      List<String> names = new ArrayList<>();
      if (option.shortName() != null) {
        names.add("-" + option.shortName());
      }
      names.add("--" + option.name());
      OptionSpec.Builder builder =
          OptionSpec.builder(names.toArray(String[]::new))
              .userObject(option)
              .hidden(option.handling() != Handling.MAPPED)
              .description(option.text());
      switch (option.arity()) {
        case NONE -> builder.arity("0").type(boolean.class);
        case ONE ->
            builder
                .arity("1")
                .paramLabel("VALUE")
                .type(option.key() != null && option.key().isList() ? List.class : String.class)
                .auxiliaryTypes(String.class);
        case OPTIONAL ->
            builder.arity("0..1").paramLabel("VALUE").type(String.class).fallbackValue("");
      }
      spec.addOption(builder.build());
    }
  }

  /** What the command line set, in the order given. */
  static Settings read(ParseResult parsed) throws ConfigException {
    Settings.Builder out = Settings.builder();
    // An option given twice is listed twice, each time with all its values: visit each once.
    java.util.Set<OptionSpec> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (OptionSpec matched : parsed.matchedOptions()) {
      if (!seen.add(matched)) {
        continue;
      }
      if (!(matched.userObject() instanceof CoturnOptions.Option option)) {
        continue;
      }
      SettingOrigin origin = SettingOrigin.commandLine("--" + option.name());
      if (option.arity() == Arity.NONE) {
        OptionApplier.apply(option, null, false, origin, out);
        continue;
      }
      List<String> values = matched.stringValues();
      if (option.arity() == Arity.OPTIONAL && values.isEmpty()) {
        OptionApplier.apply(option, null, false, origin, out);
      }
      for (String value : values) {
        OptionApplier.apply(option, value.isEmpty() ? null : value, false, origin, out);
      }
    }
    return out.build();
  }
}

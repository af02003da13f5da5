package dev.ferry.cli;

import dev.ferry.turn.FerryVersion;
import picocli.CommandLine.IVersionProvider;

/** Supplies {@code --version} output from the version baked into the build. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"Ferry " + FerryVersion.version()};
  }
}

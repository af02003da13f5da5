package dev.ferry.interop;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An external program the interop profile cannot run without. A missing tool fails the build with
 * the command that installs it: skipping would let a CI image without it report green.
 */
public record RequiredTool(Path binary, String debianPackage) {

  /** coturn's UDP echo peer. */
  public static final RequiredTool TURNUTILS_PEER =
      new RequiredTool(Path.of("/usr/bin/turnutils_peer"), "coturn");

  /** coturn's load-generating TURN client. */
  public static final RequiredTool TURNUTILS_UCLIENT =
      new RequiredTool(Path.of("/usr/bin/turnutils_uclient"), "coturn");

  /** The binary, or an {@link IllegalStateException} that says how to install it. */
  public Path require() {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          binary + " is missing; the interop profile needs it: apt-get install " + debianPackage);
    }
    return binary;
  }
}

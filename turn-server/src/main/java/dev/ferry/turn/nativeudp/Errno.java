package dev.ferry.turn.nativeudp;

/** The errno values Java needs to name; identical on Linux x86_64 and aarch64 (asm-generic). */
final class Errno {
  static final int EINVAL = 22;

  private Errno() {}
}

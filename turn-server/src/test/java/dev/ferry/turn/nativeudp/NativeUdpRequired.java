package dev.ferry.turn.nativeudp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import java.nio.file.Files;
import java.nio.file.Path;

/** The precondition of every test that runs libferryudp. */
public final class NativeUdpRequired {
  private NativeUdpRequired() {}

  /**
   * Where a C compiler exists the build must have produced the library, so its absence fails; only
   * a machine without one (which builds Ferry without the library) skips.
   */
  public static void check() {
    assumeTrue(Files.exists(Path.of("/usr/bin/cc")), "no C compiler: libferryudp not built");
    assertThat(NativeUdp.unavailabilityCause()).isNull();
    assertThat(NativeUdp.isAvailable()).isTrue();
    assertThat(Epoll.isAvailable()).isTrue();
  }
}

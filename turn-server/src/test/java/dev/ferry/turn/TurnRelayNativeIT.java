package dev.ferry.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.turn.config.UdpIo;
import dev.ferry.turn.nativeudp.NativeUdp;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;

/** Every flow of {@link TurnRelayIT} with the UDP sockets on libferryudp instead of Netty. */
class TurnRelayNativeIT extends TurnRelayIT {
  @BeforeEach
  void requireNativeUdp() {
    // Where a C compiler exists the build produced the library, so its absence is a failure.
    assumeTrue(Files.exists(Path.of("/usr/bin/cc")), "no C compiler: libferryudp not built");
    assertThat(NativeUdp.unavailabilityCause()).isNull();
  }

  @Override
  UdpIo udpIo() {
    return UdpIo.NATIVE;
  }
}

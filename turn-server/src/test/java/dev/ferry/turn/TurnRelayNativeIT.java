package dev.ferry.turn;

import dev.ferry.turn.config.UdpIo;
import dev.ferry.turn.nativeudp.NativeUdpRequired;
import org.junit.jupiter.api.BeforeEach;

/** Every flow of {@link TurnRelayIT} with the UDP sockets on libferryudp instead of Netty. */
class TurnRelayNativeIT extends TurnRelayIT {
  @BeforeEach
  void requireNativeUdp() {
    NativeUdpRequired.check();
  }

  @Override
  UdpIo udpIo() {
    return UdpIo.NATIVE;
  }
}

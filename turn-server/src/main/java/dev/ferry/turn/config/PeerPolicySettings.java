package dev.ferry.turn.config;

import java.util.List;
import java.util.Objects;

/**
 * The operator's peer-address settings as written (coturn's {@code allowed-peer-ip}, {@code
 * denied-peer-ip}, {@code allow-loopback-peers}, {@code no-multicast-peers}).
 *
 * @param allowed entries (IP, CIDR or range) opened despite the default deny list
 * @param denied entries always refused, even if also allowed
 * @param allowLoopbackPeers opens 127.0.0.0/8 and ::1 (tests and single-host setups)
 * @param noMulticastPeers refuses multicast explicitly (it is denied by default anyway)
 */
public record PeerPolicySettings(
    List<String> allowed,
    List<String> denied,
    boolean allowLoopbackPeers,
    boolean noMulticastPeers) {

  /** Default: deny internal addresses, allow public ones. */
  public static final PeerPolicySettings DEFAULTS =
      new PeerPolicySettings(List.of(), List.of(), false, false);

  /** Copies the lists. */
  public PeerPolicySettings {
    allowed = List.copyOf(Objects.requireNonNull(allowed, "allowed"));
    denied = List.copyOf(Objects.requireNonNull(denied, "denied"));
  }
}

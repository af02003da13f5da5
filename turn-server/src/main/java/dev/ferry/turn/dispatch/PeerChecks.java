package dev.ferry.turn.dispatch;

import dev.ferry.stun.ErrorCodes;
import dev.ferry.turn.allocation.Allocation;
import dev.ferry.turn.allocation.TransportAddress;
import dev.ferry.turn.policy.PeerDecision;
import java.net.InetAddress;
import java.util.Locale;

/**
 * The peer checks CreatePermission and ChannelBind share (RFC 8656 §10.2, §12.2): the peer's family
 * must be the allocation's (443) and the peer policy must allow it (403, counted in {@code
 * turn_peer_denied_total} under a bounded label).
 */
final class PeerChecks {
  private PeerChecks() {}

  /**
   * The error answering {@code request} when {@code peer} (its IP: {@code ip}) may not be used on
   * {@code allocation}, or null when it may.
   */
  static Outcome refusal(
      TurnServices services,
      TurnRequest request,
      Allocation<?> allocation,
      TransportAddress peer,
      InetAddress ip) {
    if (peer.family() != allocation.family()) {
      return error(
          services,
          request,
          ErrorCodes.PEER_ADDRESS_FAMILY_MISMATCH,
          "Peer Address Family Mismatch");
    }
    PeerDecision decision = services.policy().check(ip);
    if (!decision.allowed()) {
      services.metrics().peerDenied(label(decision));
      return error(services, request, ErrorCodes.FORBIDDEN, "Forbidden");
    }
    return null;
  }

  /** The label for a denial. */
  private static String label(PeerDecision decision) {
    return decision.reason().name().toLowerCase(Locale.ROOT);
  }

  private static Outcome error(
      TurnServices services, TurnRequest request, int code, String reason) {
    return services
        .responses()
        .error(request.message(), request.auth(), code, reason, request.link().alloc());
  }
}

package dev.ferry.turn.dispatch;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.ErrorCodes;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.attribute.Lifetime;
import dev.ferry.stun.attribute.RequestedAddressFamily;
import dev.ferry.turn.allocation.Allocation;
import dev.ferry.turn.relay.RelaySocket;

/**
 * Refresh (RFC 8656 §8.2): a REQUESTED-ADDRESS-FAMILY other than the allocation's is a 443;
 * otherwise the allocation gets its "desired lifetime", and LIFETIME 0 deletes it and still answers
 * success with LIFETIME 0.
 */
final class RefreshHandler {
  private final TurnServices services;

  RefreshHandler(TurnServices services) {
    this.services = services;
  }

  Outcome handle(TurnRequest request, Allocation<RelaySocket> allocation) {
    StunMessage m = request.message();
    if (m.contains(AttributeType.REQUESTED_ADDRESS_FAMILY)
        && RequestedAddressFamily.read(m) != allocation.family().stunCode()) {
      return services
          .responses()
          .error(
              m,
              request.auth(),
              ErrorCodes.PEER_ADDRESS_FAMILY_MISMATCH,
              "Peer Address Family Mismatch",
              request.link().alloc());
    }
    long granted = request.loop().table().refresh(allocation, Lifetime.read(m), request.now());
    return services
        .responses()
        .success(m, request.auth(), w -> w.lifetime(granted), request.link().alloc());
  }
}

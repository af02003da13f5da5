package dev.ferry.turn.dispatch;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.ErrorCodes;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.attribute.XorPeerAddress;
import dev.ferry.turn.allocation.Allocation;
import dev.ferry.turn.allocation.TransportAddress;
import dev.ferry.turn.relay.RelaySocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * CreatePermission (RFC 8656 §10.2): at least one XOR-PEER-ADDRESS (else 400); each one is checked
 * (family 443, peer policy 403) and the permissions are installed only if all of them fit (508), so
 * a request either installs or refreshes every peer or none.
 */
final class CreatePermissionHandler {
  private final TurnServices services;

  CreatePermissionHandler(TurnServices services) {
    this.services = services;
  }

  Outcome handle(TurnRequest request, Allocation<RelaySocket> allocation) {
    StunMessage m = request.message();
    List<TransportAddress> peers = new ArrayList<>();
    for (int i = m.indexOf(AttributeType.XOR_PEER_ADDRESS);
        i >= 0;
        i = m.indexOf(AttributeType.XOR_PEER_ADDRESS, i + 1)) {
      InetSocketAddress peer = XorPeerAddress.read(m, i);
      if (peer == null) {
        return error(request, ErrorCodes.BAD_REQUEST, "XOR-PEER-ADDRESS malformed");
      }
      TransportAddress address = TransportAddress.of(peer);
      Outcome refusal =
          PeerChecks.refusal(services, request, allocation, address, peer.getAddress());
      if (refusal != null) {
        return refusal;
      }
      peers.add(address);
    }
    if (peers.isEmpty()) {
      return error(request, ErrorCodes.BAD_REQUEST, "XOR-PEER-ADDRESS missing");
    }
    // All or nothing: count the IPs that need a new entry before installing any.
    long now = request.now();
    Set<TransportAddress> fresh = new HashSet<>();
    for (TransportAddress peer : peers) {
      if (allocation.permissions().expiresAtNanos(peer).isEmpty()) {
        fresh.add(peer.withPort(0));
      }
    }
    int capacity = services.limits().maxPermissionsPerAllocation();
    if (allocation.permissions().size() + fresh.size() > capacity) {
      allocation.permissions().sweep(now);
      if (allocation.permissions().size() + fresh.size() > capacity) {
        return error(request, ErrorCodes.INSUFFICIENT_CAPACITY, "Insufficient Capacity");
      }
    }
    for (TransportAddress peer : peers) {
      allocation.createPermission(peer, now);
    }
    return services.responses().success(m, request.auth(), w -> {}, request.link().alloc());
  }

  private Outcome error(TurnRequest request, int code, String reason) {
    return services
        .responses()
        .error(request.message(), request.auth(), code, reason, request.link().alloc());
  }
}

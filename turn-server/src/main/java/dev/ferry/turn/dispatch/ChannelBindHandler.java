package dev.ferry.turn.dispatch;

import dev.ferry.stun.ErrorCodes;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.attribute.ChannelNumber;
import dev.ferry.stun.attribute.XorPeerAddress;
import dev.ferry.turn.allocation.Allocation;
import dev.ferry.turn.allocation.ChannelBindResult;
import dev.ferry.turn.allocation.TransportAddress;
import dev.ferry.turn.relay.RelaySocket;
import java.net.InetSocketAddress;

/**
 * ChannelBind (RFC 8656 §12.2): CHANNEL-NUMBER and XOR-PEER-ADDRESS required and the number within
 * RFC 5766's 0x4000-0x7FFE (400; wider than RFC 8656's 0x4000-0x4FFF so RFC 5766 clients such as
 * coturn's work, see {@link dev.ferry.stun.channel.ChannelNumbers}); no rebinding of a number to
 * another peer or a peer to another number (400); the peer's family must be the allocation's (443)
 * and allowed by policy (403); capacity 508. Success binds or refreshes the channel and installs or
 * refreshes the peer's permission.
 */
final class ChannelBindHandler {
  private final TurnServices services;

  ChannelBindHandler(TurnServices services) {
    this.services = services;
  }

  Outcome handle(TurnRequest request, Allocation<RelaySocket> allocation) {
    StunMessage m = request.message();
    int number = ChannelNumber.read(m);
    InetSocketAddress peer = XorPeerAddress.read(m);
    if (number < 0 || peer == null) {
      return error(request, ErrorCodes.BAD_REQUEST, "CHANNEL-NUMBER or XOR-PEER-ADDRESS missing");
    }
    if (!ChannelNumber.isValid(number)) {
      return error(request, ErrorCodes.BAD_REQUEST, "Channel number out of range");
    }
    TransportAddress address = TransportAddress.of(peer);
    ChannelBindResult pairing = allocation.channels().check(number, address, request.now());
    if (pairing == ChannelBindResult.NUMBER_BOUND_TO_OTHER_PEER
        || pairing == ChannelBindResult.PEER_BOUND_TO_OTHER_NUMBER) {
      return error(request, ErrorCodes.BAD_REQUEST, "Channel bound to another peer or number");
    }
    Outcome refusal = PeerChecks.refusal(services, request, allocation, address, peer.getAddress());
    if (refusal != null) {
      return refusal;
    }
    ChannelBindResult result = allocation.bindChannel(number, address, request.now());
    if (!result.isSuccess()) {
      return error(request, result.errorCode(), "Channel bind refused: " + result);
    }
    return services.responses().success(m, request.auth(), w -> {}, request.link().alloc());
  }

  private Outcome error(TurnRequest request, int code, String reason) {
    return services
        .responses()
        .error(request.message(), request.auth(), code, reason, request.link().alloc());
  }
}

package dev.ferry.turn.dispatch;

import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.attribute.Data;
import dev.ferry.stun.attribute.XorPeerAddress;
import dev.ferry.stun.channel.ChannelData;
import dev.ferry.stun.channel.ChannelDataStatus;
import dev.ferry.stun.channel.Framing;
import dev.ferry.turn.allocation.Allocation;
import dev.ferry.turn.allocation.ChannelBinding;
import dev.ferry.turn.allocation.TransportAddress;
import dev.ferry.turn.metrics.TurnMetrics;
import dev.ferry.turn.relay.ClientLink;
import dev.ferry.turn.relay.PeerDatagrams;
import dev.ferry.turn.relay.RelaySocket;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * Client to peer: Send indications (RFC 8656 §11.2) and ChannelData (§12.6). Anything that cannot
 * be relayed is dropped silently and counted, never answered: no allocation, missing attributes,
 * wrong family, no permission (which a peer the policy refuses never has), an unbound or reserved
 * channel, a short message. The payload goes out as a retained slice, without a copy.
 */
public final class ClientDataRelay {
  private final TurnServices services;

  /** A relay over {@code services}. */
  public ClientDataRelay(TurnServices services) {
    this.services = services;
  }

  /** §11.2: relays the DATA of a Send indication to XOR-PEER-ADDRESS. */
  public Outcome send(StunMessage indication, InetSocketAddress source, ClientLink link) {
    long now = services.clock().nanoTime();
    Allocation<RelaySocket> allocation = link.allocationOf(source);
    if (allocation == null || !allocation.isLive(now)) {
      return Outcome.drop(DropReason.NO_ALLOCATION);
    }
    InetSocketAddress peer = XorPeerAddress.read(indication);
    ByteBuf data = Data.read(indication);
    if (peer == null || data == null) {
      return Outcome.drop(DropReason.BAD_INDICATION);
    }
    TransportAddress address = TransportAddress.of(peer);
    if (address.family() != allocation.family()) {
      return Outcome.drop(DropReason.BAD_INDICATION);
    }
    // Permissions are installed only for peers the policy allows (CreatePermission and ChannelBind
    // check it), so the permission check covers the policy here as it does for ChannelData.
    if (!allocation.permissions().isPermitted(address, now)) {
      services.metrics().peerDenied(PeerDatagrams.NO_PERMISSION);
      return Outcome.drop(DropReason.NO_PERMISSION);
    }
    int length = data.readableBytes();
    allocation.relay().sendToPeer(data.retainedSlice(), address);
    allocation.recordToPeer(length);
    services.metrics().relayed(TurnMetrics.Direction.TO_PEER, length);
    return new Outcome.Consumed(StunMethod.SEND);
  }

  /** §12.6: relays a ChannelData payload to the peer bound to its channel. */
  public Outcome channelData(ByteBuf message, InetSocketAddress source, ClientLink link) {
    return channelData(message, link.allocationOf(source), link, services.clock().nanoTime());
  }

  /**
   * §12.6 for a client whose allocation the caller looked up ({@code allocation} null: none), at
   * {@code now} (the caller's clock reading for the datagrams of one wakeup); no allocation happens
   * on this path.
   */
  public Outcome channelData(
      ByteBuf message, Allocation<RelaySocket> allocation, ClientLink link, long now) {
    if (allocation == null || !allocation.isLive(now)) {
      return Outcome.drop(DropReason.NO_ALLOCATION);
    }
    ChannelData view = link.loop().channelData();
    try {
      // Padding after the payload is tolerated on every transport (the stream framer cut it).
      if (view.decode(message, Framing.DATAGRAM) != ChannelDataStatus.VALID) {
        return Outcome.drop(DropReason.BAD_CHANNEL_DATA);
      }
      ChannelBinding binding = allocation.channels().byNumber(view.channelNumber(), now);
      if (binding == null) {
        return Outcome.drop(DropReason.CHANNEL_UNBOUND);
      }
      if (!allocation.permissions().isPermitted(binding.peer(), now)) {
        services.metrics().peerDenied(PeerDatagrams.NO_PERMISSION);
        return Outcome.drop(DropReason.NO_PERMISSION);
      }
      int length = view.payloadLength();
      allocation.relay().sendToPeer(view.retainedPayload(), binding.peer());
      allocation.recordToPeer(length);
      services.metrics().relayed(TurnMetrics.Direction.TO_PEER, length);
      return Outcome.relayed();
    } finally {
      view.clear();
    }
  }
}

package dev.ferry.turn.transport;

import dev.ferry.stun.demux.FirstByteDemux;
import dev.ferry.stun.demux.PacketKind;
import dev.ferry.turn.allocation.Allocation;
import dev.ferry.turn.allocation.TransportAddress;
import dev.ferry.turn.nativeudp.DatagramBatchHandler;
import dev.ferry.turn.nativeudp.NativeUdpSocket;
import dev.ferry.turn.nativeudp.ReceiveBatch;
import dev.ferry.turn.relay.ClientLink;
import dev.ferry.turn.relay.DatagramEndpoint;
import dev.ferry.turn.relay.RelaySocket;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * The native counterpart of {@link StunDatagramHandler} for one listener socket: ChannelData from a
 * client with an allocation is relayed straight from the sender's primitives, creating no object;
 * everything else takes the sender as a socket address through the shared dispatch, and replies
 * leave from the same socket (RFC 8489 §6.3.1.2).
 */
final class NativeDatagramHandler implements DatagramBatchHandler {
  private final ClientDispatch dispatch;
  private final ClientLink link;
  private final DatagramEndpoint endpoint;
  private long batchNow;

  /**
   * @param dispatch the shared dispatch, whose link is {@code link}
   * @param link the TURN link of the socket, or null without TURN
   * @param endpoint the socket's sending side
   */
  NativeDatagramHandler(ClientDispatch dispatch, ClientLink link, DatagramEndpoint endpoint) {
    this.dispatch = dispatch;
    this.link = link;
    this.endpoint = endpoint;
  }

  @Override
  public void onBatchStart(NativeUdpSocket socket) {
    if (link != null) {
      // One clock reading per wakeup for the ChannelData relay (see NativePeerHandler).
      batchNow = link.loop().nanoTime();
    }
  }

  @Override
  public void onDatagram(NativeUdpSocket socket, ReceiveBatch batch, int i) {
    if (batch.truncated(i)) {
      // Relaying or parsing the cut datagram would pass on bytes the client never sent.
      dispatch.truncated();
      return;
    }
    ByteBuf payload = batch.payload(i);
    if (link != null && FirstByteDemux.classify(payload) == PacketKind.CHANNEL_DATA) {
      dispatch.channelData(payload, allocationOf(batch, i), batchNow);
      return;
    }
    InetSocketAddress sender = batch.sender(i);
    ByteBuf reply = dispatch.dispatch(payload, sender, endpoint.alloc());
    if (reply != null) {
      endpoint.write(reply, TransportAddress.of(sender));
    }
  }

  private Allocation<RelaySocket> allocationOf(ReceiveBatch batch, int i) {
    return batch.senderIsIpv4(i)
        ? link.allocationOfIpv4(batch.senderIpv4(i), batch.senderPort(i))
        : link.allocationOfIpv6(
            batch.senderIpv6High(i), batch.senderIpv6Low(i), batch.senderPort(i));
  }

  @Override
  public void onBatchEnd(NativeUdpSocket socket) {
    if (dispatch.takeFlushPending()) {
      endpoint.flush();
    }
    if (link != null) {
      link.batch().flushAfterIo(endpoint.eventLoop());
    }
  }
}

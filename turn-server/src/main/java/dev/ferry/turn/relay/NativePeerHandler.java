package dev.ferry.turn.relay;

import dev.ferry.turn.nativeudp.DatagramBatchHandler;
import dev.ferry.turn.nativeudp.NativeUdpSocket;
import dev.ferry.turn.nativeudp.ReceiveBatch;
import io.netty.buffer.ByteBufAllocator;

/**
 * Feeds the datagrams of a native relay socket to its {@link PeerDatagrams}, senders as read from
 * the batch. Receive errors (an ICMP error queued on the socket) are ignored: they never close the
 * allocation, the peer may come back.
 */
public final class NativePeerHandler implements DatagramBatchHandler {

  private final PeerDatagrams peers;
  private final ByteBufAllocator alloc;
  private long batchNow;

  /** A handler relaying through {@code peers}, allocating outgoing messages from {@code alloc}. */
  public NativePeerHandler(PeerDatagrams peers, ByteBufAllocator alloc) {
    this.peers = peers;
    this.alloc = alloc;
  }

  @Override
  public void onBatchStart(NativeUdpSocket socket) {
    // One clock reading per wakeup: per datagram it was 2% of a flooded loop's CPU, and deadlines
    // are seconds long while a wakeup's reads take microseconds.
    batchNow = peers.now();
  }

  @Override
  public void onDatagram(NativeUdpSocket socket, ReceiveBatch batch, int i) {
    if (batch.truncated(i)) {
      // Relaying the cut datagram would hand the client bytes the peer never sent.
      peers.truncated();
      return;
    }
    if (batch.senderIsIpv4(i)) {
      peers.fromIpv4(batch.senderIpv4(i), batch.senderPort(i), batch.payload(i), alloc, batchNow);
    } else {
      peers.fromIpv6(
          batch.senderIpv6High(i),
          batch.senderIpv6Low(i),
          batch.senderPort(i),
          batch.payload(i),
          alloc,
          batchNow);
    }
  }

  @Override
  public void onBatchEnd(NativeUdpSocket socket) {
    peers.readComplete();
  }
}

package dev.ferry.turn.nativeudp;

/** Receives the datagrams a {@link NativeUdpSocket} read, on its event loop, batch by batch. */
public interface DatagramBatchHandler {
  /**
   * Handles datagram {@code i} of {@code batch}. Its payload view dies with the batch: take {@code
   * retainedSlice()} of what must outlive the call. An exception costs this datagram only; the
   * socket logs it and goes on with the next.
   */
  void onDatagram(NativeUdpSocket socket, ReceiveBatch batch, int i);

  /**
   * Called once per wakeup before the first datagram it delivers (not at all when the wakeup reads
   * nothing), so that work per wakeup, such as one clock reading for all of its datagrams, has a
   * place of its own.
   */
  default void onBatchStart(NativeUdpSocket socket) {}

  /**
   * Called once after the batches of one wakeup; the place to flush sockets written to. The
   * socket's own queue is flushed right after this returns.
   */
  default void onBatchEnd(NativeUdpSocket socket) {}

  /**
   * A read failed with {@code errno} (for example a pending ICMP error); the socket stays open. UDP
   * errors are routine, so the default ignores them.
   */
  default void onReceiveError(NativeUdpSocket socket, int errno) {}
}

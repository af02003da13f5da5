package dev.ferry.turn.nativeudp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Copies every received datagram into a queue the test thread reads with a deadline. */
final class CollectingHandler implements DatagramBatchHandler {
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

  @Override
  public void onDatagram(NativeUdpSocket socket, ReceiveBatch batch, int i) {
    ByteBuf payload = batch.payload(i);
    received.add(
        new Received(
            ByteBufUtil.getBytes(payload), batch.length(i), batch.truncated(i), batch.sender(i)));
  }

  /** The next datagram; fails the test if none arrives within five seconds. */
  Received next() throws InterruptedException {
    Received next = received.poll(5, TimeUnit.SECONDS);
    assertThat(next).as("a datagram within 5 s").isNotNull();
    return next;
  }
}

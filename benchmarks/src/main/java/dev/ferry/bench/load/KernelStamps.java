package dev.ferry.bench.load;

import dev.ferry.turn.nativeudp.ReceiveTimestamps;
import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDatagramChannel;

/**
 * Kernel receive timestamps on the generator's own sockets, so that a round trip can be split into
 * the relay's part and the generator's (the echo peer's turnaround and the client's wake-up).
 *
 * <p>On only for paced loads on the epoll transport with libferryudp loaded: each stamp costs the
 * generator one ioctl per datagram, which a flood cannot spare. All times are CLOCK_REALTIME
 * nanoseconds, the clock the kernel stamps datagrams with.
 */
final class KernelStamps {
  static final KernelStamps OFF = new KernelStamps(false);

  private final boolean on;

  private KernelStamps(boolean on) {
    this.on = on;
  }

  /** Stamps for a run of {@code mode} over {@code transports}, or {@link #OFF}. */
  static KernelStamps forRun(Mode mode, Transports transports) {
    boolean usable = mode == Mode.PACED && transports.isEpoll() && ReceiveTimestamps.isAvailable();
    return usable ? new KernelStamps(true) : OFF;
  }

  boolean on() {
    return on;
  }

  /** Asks the kernel to stamp what {@code channel} receives from now on. */
  void enable(Channel channel) {
    if (on && channel instanceof EpollDatagramChannel epoll) {
      ReceiveTimestamps.enable(epoll.fd().intValue());
    }
  }

  /**
   * When the kernel received the datagram {@code channel} read last, or -1. Netty's epoll channel
   * hands each datagram to the pipeline as soon as it has read it, so in a read handler this is the
   * datagram being handled.
   */
  long receivedAt(Channel channel) {
    if (on && channel instanceof EpollDatagramChannel epoll) {
      return ReceiveTimestamps.lastReceived(epoll.fd().intValue());
    }
    return -1;
  }

  /** CLOCK_REALTIME now, or 0 when off. */
  long now() {
    return on ? ReceiveTimestamps.realtimeNanos() : 0;
  }
}

package dev.ferry.turn.nativeudp;

import java.nio.ByteBuffer;

/**
 * The JNI entry points of libferryudp (src/main/c/ferryudp.c). Every per-packet method takes only
 * primitives and direct buffers, so a call creates no Java object.
 *
 * <p>Each returns a non-negative result or {@code -errno}; recvmmsg and sendmmsg return 0 for
 * EAGAIN.
 */
final class NativeMethods {
  /** Most datagrams one recvmmsg/sendmmsg call moves; the C side clamps to the same number. */
  static final int MAX_BATCH = 64;

  /** Family codes understood by the C side: the IP version, not the platform's AF_* constants. */
  static final int FAMILY_IPV4 = 4;

  static final int FAMILY_IPV6 = 6;

  static final int OPTION_RCVBUF = 1;
  static final int OPTION_SNDBUF = 2;
  static final int OPTION_REUSEPORT = 3;
  static final int OPTION_IP_MTU_DISCOVER = 4;
  static final int OPTION_IPV6_MTU_DISCOVER = 5;

  private NativeMethods() {}

  static native int maxBatch();

  static native int openSocket(int family, boolean v6Only);

  static native int bind(int fd, byte[] address, int scopeId, int port);

  /** Fills {@code address} (16 bytes) and returns {@code family << 16 | port}. */
  static native int localAddress(int fd, byte[] address);

  static native int setOption(int fd, int option, int value);

  static native int getOption(int fd, int option);

  static native int close(int fd);

  static native String describeError(int errno);

  static native long directBufferAddress(ByteBuffer buffer);

  /** SIOCGSTAMPNS: CLOCK_REALTIME nanoseconds of the last datagram read from fd, or -errno. */
  static native long lastReceiveTime(int fd);

  static native long realtimeNanos();

  /** sched_setattr on the calling thread with sched_runtime = sliceNanos; 0 or -errno. */
  static native int setThreadSlice(long sliceNanos);

  /** sched_getattr's sched_runtime for the calling thread (0 before Linux 6.12), or -errno. */
  static native long threadSlice();

  static native int recvmmsg(
      int fd,
      long regionAddress,
      long regionCapacity,
      int slotSize,
      long metaAddress,
      int metaCapacity,
      int maxMessages);

  static native int sendmmsg(
      int fd, int socketFamily, long metaAddress, int metaCapacity, int count);
}

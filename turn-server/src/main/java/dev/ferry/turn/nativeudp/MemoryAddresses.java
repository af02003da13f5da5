package dev.ferry.turn.nativeudp;

import io.netty.buffer.ByteBuf;

/** Native addresses of direct ByteBuf memory, the only thing libferryudp needs from a buffer. */
final class MemoryAddresses {
  private MemoryAddresses() {}

  /** Address of byte {@code index} of a direct buffer; 0 when it has no single native address. */
  static long of(ByteBuf buffer, int index, int length) {
    if (buffer.hasMemoryAddress()) {
      return buffer.memoryAddress() + index;
    }
    if (!buffer.isDirect() || buffer.nioBufferCount() != 1) {
      return 0;
    }
    // Without sun.misc.Unsafe Netty exposes no address: ask JNI (allocates a ByteBuffer view).
    return NativeMethods.directBufferAddress(buffer.nioBuffer(index, length));
  }
}

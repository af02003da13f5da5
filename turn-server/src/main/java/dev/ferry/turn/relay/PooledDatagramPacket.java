package dev.ferry.turn.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.Recycler;
import java.net.InetSocketAddress;

/**
 * An outgoing datagram that goes back to a per-thread pool when the transport releases it, so that
 * a relayed packet costs no envelope allocation. It is a {@link DatagramPacket} because the epoll
 * transport puts only DatagramPackets into a sendmmsg batch.
 *
 * <p>The content and recipient live in this class's mutable fields and every accessor reads them;
 * the superclass's final fields hold placeholders that nothing reads. Reference counting is the
 * content's, as for any DatagramPacket: the release that frees the content also returns the packet
 * to the pool, after which the caller must not touch it (Netty's outbound buffer releases each
 * message once, after it is written or failed).
 */
public final class PooledDatagramPacket extends DatagramPacket {
  private static final InetSocketAddress PLACEHOLDER = new InetSocketAddress(0);

  private static final Recycler<PooledDatagramPacket> POOL =
      new Recycler<>() {
        @Override
        protected PooledDatagramPacket newObject(Handle<PooledDatagramPacket> handle) {
          return new PooledDatagramPacket(handle);
        }
      };

  private final Recycler.Handle<PooledDatagramPacket> handle;
  private ByteBuf data;
  private InetSocketAddress to;

  private PooledDatagramPacket(Recycler.Handle<PooledDatagramPacket> handle) {
    super(Unpooled.EMPTY_BUFFER, PLACEHOLDER);
    this.handle = handle;
  }

  /**
   * A packet carrying {@code content} (ownership passes to the packet) to {@code recipient}, taken
   * from this thread's pool.
   */
  public static PooledDatagramPacket of(ByteBuf content, InetSocketAddress recipient) {
    PooledDatagramPacket packet = POOL.get();
    packet.data = content;
    packet.to = recipient;
    return packet;
  }

  @Override
  public ByteBuf content() {
    return data;
  }

  @Override
  public InetSocketAddress recipient() {
    return to;
  }

  @Override
  public int refCnt() {
    return data.refCnt();
  }

  @Override
  public DatagramPacket retain() {
    data.retain();
    return this;
  }

  @Override
  public DatagramPacket retain(int increment) {
    data.retain(increment);
    return this;
  }

  @Override
  public DatagramPacket touch() {
    data.touch();
    return this;
  }

  @Override
  public DatagramPacket touch(Object hint) {
    data.touch(hint);
    return this;
  }

  @Override
  public boolean release() {
    return recycleIf(data.release());
  }

  @Override
  public boolean release(int decrement) {
    return recycleIf(data.release(decrement));
  }

  private boolean recycleIf(boolean freed) {
    if (freed) {
      data = null;
      to = null;
      handle.recycle(this);
    }
    return freed;
  }

  @Override
  public String toString() {
    return "PooledDatagramPacket(=> " + to + ", " + data + ')';
  }
}

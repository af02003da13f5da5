package dev.ferry.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;

/**
 * The far end of every relayed path: reflects each datagram, without copying, back to the relayed
 * address it came from, so the client sees its own stamp again. With kernel stamps on, it writes
 * into the payload how long it held the datagram since the kernel received it.
 */
@Sharable
final class EchoPeer extends ChannelInboundHandlerAdapter {
  private final KernelStamps stamps;

  EchoPeer(KernelStamps stamps) {
    this.stamps = stamps;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    stamps.enable(ctx.channel());
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof DatagramPacket packet) {
      ByteBuf payload = packet.content();
      if (stamps.on()) {
        long receivedAt = stamps.receivedAt(ctx.channel());
        if (receivedAt > 0) {
          Stamp.setPeerTurnaround(payload, Math.max(1, stamps.now() - receivedAt));
        }
      }
      // The reply takes over the inbound buffer's reference.
      ctx.write(new DatagramPacket(payload, packet.sender()), ctx.voidPromise());
      if (stamps.on()) {
        // The turnaround was measured up to here, so the reply leaves now rather than at the end
        // of the read batch.
        ctx.flush();
      }
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A failed echo is a lost packet, and the client counts those.
  }
}

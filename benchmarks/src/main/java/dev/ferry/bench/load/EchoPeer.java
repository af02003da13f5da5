package dev.ferry.bench.load;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;

/**
 * The far end of every relayed path: reflects each datagram, unchanged and without copying, back to
 * the relayed address it came from, so the client sees its own stamp again.
 */
@Sharable
final class EchoPeer extends ChannelInboundHandlerAdapter {
  static final EchoPeer INSTANCE = new EchoPeer();

  private EchoPeer() {}

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof DatagramPacket packet) {
      // The reply takes over the inbound buffer's reference.
      ctx.write(new DatagramPacket(packet.content(), packet.sender()), ctx.voidPromise());
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

package dev.ferry.stun.stream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.List;

/** Records the user events that reach it, so tests can see what the frame decoder fired. */
final class UserEventRecorder extends ChannelInboundHandlerAdapter {

  final List<Object> events = new ArrayList<>();

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    events.add(evt);
    ctx.fireUserEventTriggered(evt);
  }
}

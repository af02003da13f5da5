package dev.ferry.turn.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.stun.DecodeStatus;
import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.attribute.XorMappedAddress;
import dev.ferry.turn.StunTestMessages;
import dev.ferry.turn.dispatch.BindingHandler;
import dev.ferry.turn.dispatch.ErrorResponses;
import dev.ferry.turn.dispatch.StunDispatcher;
import dev.ferry.turn.metrics.StunMetrics;
import dev.ferry.turn.metrics.TransportLabel;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.junit.jupiter.api.Test;

class StunStreamHandlerTest {
  private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 40000);
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final StunMetrics metrics = StunMetrics.register(registry);
  private final ErrorResponses errors = new ErrorResponses("Ferry test");

  private EmbeddedChannel connection() {
    EmbeddedChannel channel =
        new EmbeddedChannel() {
          @Override
          protected SocketAddress remoteAddress0() {
            return CLIENT;
          }
        };
    TcpListener.initConnection(
        channel,
        new StunDispatcher(new BindingHandler(errors), errors),
        metrics.forTransport(TransportLabel.TCP),
        new TailExceptionHandler());
    return channel;
  }

  @Test
  void bindingRequest_splitAcrossTwoReads_answeredOnceWithRemoteAddress() {
    EmbeddedChannel channel = connection();
    ByteBuf request = StunTestMessages.bindingRequest();
    channel.writeInbound(request.readRetainedSlice(7));
    assertThat((Object) channel.readOutbound()).isNull();

    channel.writeInbound(request);

    ByteBuf reply = channel.readOutbound();
    try {
      StunMessage message = new StunMessage();
      assertThat(message.wrap(reply)).isEqualTo(DecodeStatus.OK);
      assertThat(message.messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
      assertThat(XorMappedAddress.read(message)).isEqualTo(CLIENT);
    } finally {
      reply.release();
    }
    assertThat((Object) channel.readOutbound()).isNull();
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void garbageFirstByte_closesConnectionAndCountsBadFrame() {
    EmbeddedChannel channel = connection();

    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF, 0, 0, 0}));

    assertThat(channel.isOpen()).isFalse();
    assertThat((Object) channel.readOutbound()).isNull();
    assertThat(
            registry
                .get("stun.messages.dropped")
                .tags("reason", "bad_frame", "transport", "tcp")
                .counter()
                .count())
        .isEqualTo(1.0);
  }
}

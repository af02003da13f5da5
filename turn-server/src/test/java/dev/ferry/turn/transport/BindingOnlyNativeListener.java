package dev.ferry.turn.transport;

import dev.ferry.turn.dispatch.BindingHandler;
import dev.ferry.turn.dispatch.ErrorResponses;
import dev.ferry.turn.dispatch.MessageDispatcher;
import dev.ferry.turn.dispatch.StunDispatcher;
import dev.ferry.turn.metrics.StunMetrics;
import dev.ferry.turn.metrics.TransportLabel;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.function.UnaryOperator;

/** Test fixture: a libferryudp listener that answers STUN Binding only (no TURN state). */
public final class BindingOnlyNativeListener {
  private BindingOnlyNativeListener() {}

  /**
   * A listener whose Binding dispatcher is first passed through {@code wrap} (e.g. to inject
   * faults).
   */
  public static NativeUdpListener create(UnaryOperator<MessageDispatcher> wrap) {
    ErrorResponses errors = new ErrorResponses("Ferry test");
    return new NativeUdpListener(
        wrap.apply(new StunDispatcher(new BindingHandler(errors), errors)),
        StunMetrics.register(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
            .forTransport(TransportLabel.UDP),
        1500,
        16,
        null,
        PooledByteBufAllocator.DEFAULT);
  }
}

package dev.ferry.turn.metrics;

import dev.ferry.turn.dispatch.DropReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The STUN meters of one transport, resolved into arrays at start so that counting a packet is an
 * array index and an add, never a registry lookup.
 */
public final class TransportMetrics {
  private final Counter[] requests;
  private final Counter[] indications;
  private final Counter successResponses;
  private final Counter errorResponses;
  private final Counter[] dropped;
  private final Counter connectionsAccepted;
  private final AtomicInteger connectionsActive = new AtomicInteger();

  TransportMetrics(MeterRegistry registry, TransportLabel transport) {
    String t = transport.label();
    MethodLabel[] methods = MethodLabel.values();
    requests = new Counter[methods.length];
    indications = new Counter[methods.length];
    for (MethodLabel method : methods) {
      requests[method.ordinal()] =
          Counter.builder("stun.requests")
              .description("STUN requests processed")
              .tag("method", method.label())
              .tag("transport", t)
              .register(registry);
      indications[method.ordinal()] =
          Counter.builder("stun.indications")
              .description("STUN indications processed")
              .tag("method", method.label())
              .tag("transport", t)
              .register(registry);
    }
    successResponses = response(registry, "success", t);
    errorResponses = response(registry, "error", t);
    DropReason[] reasons = DropReason.values();
    dropped = new Counter[reasons.length];
    for (DropReason reason : reasons) {
      dropped[reason.ordinal()] =
          Counter.builder("stun.messages.dropped")
              .description("Messages discarded without an answer")
              .tag("reason", reason.label())
              .tag("transport", t)
              .register(registry);
    }
    connectionsAccepted =
        Counter.builder("stun.connections.accepted")
            .description("Stream connections accepted")
            .tag("transport", t)
            .register(registry);
    Gauge.builder("stun.connections.active", connectionsActive, AtomicInteger::get)
        .description("Stream connections open now")
        .tag("transport", t)
        .register(registry);
  }

  private static Counter response(MeterRegistry registry, String cls, String transport) {
    return Counter.builder("stun.responses")
        .description("STUN responses sent")
        .tag("class", cls)
        .tag("transport", transport)
        .register(registry);
  }

  /** A request of the given method code was processed (answered). */
  public void request(int method) {
    requests[MethodLabel.of(method).ordinal()].increment();
  }

  /** An indication of the given method code was processed. */
  public void indication(int method) {
    indications[MethodLabel.of(method).ordinal()].increment();
  }

  /** A response was sent. */
  public void response(boolean success) {
    (success ? successResponses : errorResponses).increment();
  }

  /** A message was discarded. */
  public void dropped(DropReason reason) {
    dropped[reason.ordinal()].increment();
  }

  /** A stream connection was accepted. */
  public void connectionOpened() {
    connectionsAccepted.increment();
    connectionsActive.incrementAndGet();
  }

  /** A stream connection closed. */
  public void connectionClosed() {
    connectionsActive.decrementAndGet();
  }
}

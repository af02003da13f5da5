package dev.ferry.turn.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/** Registers every STUN meter once at start and hands out per-transport views. */
public final class StunMetrics {
  private final Map<TransportLabel, TransportMetrics> byTransport =
      new EnumMap<>(TransportLabel.class);

  private StunMetrics(MeterRegistry registry) {
    for (TransportLabel transport : TransportLabel.values()) {
      byTransport.put(transport, new TransportMetrics(registry, transport));
    }
  }

  /** Registers the meters in the registry. Call once per registry. */
  public static StunMetrics register(MeterRegistry registry) {
    return new StunMetrics(registry);
  }

  /** The meters of one transport. */
  public TransportMetrics forTransport(TransportLabel transport) {
    return byTransport.get(transport);
  }
}

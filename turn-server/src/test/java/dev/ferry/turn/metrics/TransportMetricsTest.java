package dev.ferry.turn.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.turn.dispatch.DropReason;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class TransportMetricsTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final StunMetrics metrics = StunMetrics.register(registry);

  @Test
  void request_bindingOverUdp_incrementsOnlyThatSeries() {
    metrics.forTransport(TransportLabel.UDP).request(0x001);

    assertThat(
            registry
                .get("stun.requests")
                .tags("method", "binding", "transport", "udp")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(
            registry
                .get("stun.requests")
                .tags("method", "binding", "transport", "tcp")
                .counter()
                .count())
        .isZero();
  }

  @Test
  void request_unassignedMethod_countsAsOther() {
    metrics.forTransport(TransportLabel.TCP).request(0x0FF);

    assertThat(
            registry
                .get("stun.requests")
                .tags("method", "other", "transport", "tcp")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void dropped_reason_countsUnderReasonLabel() {
    metrics.forTransport(TransportLabel.UDP).dropped(DropReason.BAD_FINGERPRINT);

    assertThat(
            registry
                .get("stun.messages.dropped")
                .tags("reason", "bad_fingerprint", "transport", "udp")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void scrape_afterRegistration_exposesPrometheusNames() {
    assertThat(registry.scrape())
        .contains("stun_requests_total{")
        .contains("stun_responses_total{")
        .contains("stun_messages_dropped_total{")
        .contains("stun_connections_active{");
  }

  @Test
  void connectionOpenedThenClosed_gaugeBackToZeroAndAcceptedCounted() {
    TransportMetrics tcp = metrics.forTransport(TransportLabel.TCP);
    tcp.connectionOpened();
    tcp.connectionOpened();
    tcp.connectionClosed();

    assertThat(registry.get("stun.connections.active").tags("transport", "tcp").gauge().value())
        .isEqualTo(1.0);
    assertThat(registry.get("stun.connections.accepted").tags("transport", "tcp").counter().count())
        .isEqualTo(2.0);
  }
}

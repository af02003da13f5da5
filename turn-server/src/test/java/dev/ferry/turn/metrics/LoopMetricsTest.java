package dev.ferry.turn.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.turn.nativeudp.PauseTally;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class LoopMetricsTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final PauseTally pauses = new PauseTally();

  @Test
  void register_scrapesThePausesAndTheirTimeInSeconds() {
    LoopMetrics.register(registry, pauses);
    pauses.add(350_000);
    pauses.add(310_000);

    String scrape = registry.scrape();

    assertThat(scrape).contains("turn_io_coalesce_pauses_total 2.0");
    assertThat(scrape).contains("turn_io_coalesce_paused_seconds_total 6.6E-4");
  }

  @Test
  void register_beforeAnyPause_scrapesZeroes() {
    LoopMetrics.register(registry, pauses);

    String scrape = registry.scrape();

    assertThat(scrape).contains("turn_io_coalesce_pauses_total 0.0");
    assertThat(scrape).contains("turn_io_coalesce_paused_seconds_total 0.0");
  }
}

package dev.ferry.turn.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one admin request to {@code /metrics}, {@code /healthz} or {@code /readyz}; anything else
 * is 404, any method but GET 405. The request body is never read.
 */
final class AdminEndpoints implements HttpHandler {
  /** The Prometheus text exposition format, version 0.0.4. */
  static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final String TEXT = "text/plain; charset=utf-8";
  private static final Logger LOG = LoggerFactory.getLogger(AdminEndpoints.class);

  private final PrometheusMeterRegistry registry;
  private final BooleanSupplier ready;

  AdminEndpoints(PrometheusMeterRegistry registry, BooleanSupplier ready) {
    this.registry = registry;
    this.ready = ready;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      boolean known = "/metrics".equals(path) || "/healthz".equals(path) || "/readyz".equals(path);
      if (!known) {
        send(exchange, 404, TEXT, "not found\n");
      } else if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET");
        send(exchange, 405, TEXT, "method not allowed\n");
      } else if ("/metrics".equals(path)) {
        metrics(exchange);
      } else if ("/healthz".equals(path)) {
        send(exchange, 200, TEXT, "ok\n");
      } else if (ready.getAsBoolean()) {
        send(exchange, 200, TEXT, "ready\n");
      } else {
        send(exchange, 503, TEXT, "not ready\n");
      }
    }
  }

  private void metrics(HttpExchange exchange) throws IOException {
    String body;
    try {
      body = registry.scrape();
    } catch (RuntimeException e) {
      LOG.warn("Cannot render /metrics", e);
      send(exchange, 500, TEXT, "cannot render metrics\n");
      return;
    }
    send(exchange, 200, METRICS_CONTENT_TYPE, body);
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}

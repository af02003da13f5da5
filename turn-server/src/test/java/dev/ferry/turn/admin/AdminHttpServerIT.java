package dev.ferry.turn.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin endpoints on a real loopback socket, with a registry and readiness the test owns. */
class AdminHttpServerIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicBoolean ready = new AtomicBoolean(true);
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private AdminHttpServer server;

  @BeforeEach
  void start() throws IOException {
    server =
        AdminHttpServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry, ready::get);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
            .timeout(TIMEOUT)
            .method(
                method,
                "POST".equals(method)
                    ? HttpRequest.BodyPublishers.ofString("ignored")
                    : HttpRequest.BodyPublishers.noBody())
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void start_portZero_bindsAnEphemeralPortOnTheGivenAddress() {
    assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
    assertThat(server.address().getPort()).isPositive();
  }

  @Test
  void metrics_get_returnsTheScrapeAsPrometheusText() throws Exception {
    Counter.builder("test.things").tag("kind", "a").register(registry).increment(3);

    HttpResponse<String> response = send("GET", "/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body()).contains("test_things_total{kind=\"a\"} 3.0\n");
    assertThat(response.body()).isEqualTo(registry.scrape());
  }

  @Test
  void metrics_withQueryString_stillServesTheScrape() throws Exception {
    HttpResponse<String> response = send("GET", "/metrics?name[]=x");

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void healthz_get_returns200Ok() throws Exception {
    HttpResponse<String> response = send("GET", "/healthz");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok\n");
  }

  @Test
  void healthz_notReady_stillReturns200() throws Exception {
    ready.set(false);

    assertThat(send("GET", "/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void readyz_ready_returns200() throws Exception {
    assertThat(send("GET", "/readyz").statusCode()).isEqualTo(200);
  }

  @Test
  void readyz_readinessTurnsFalse_returns503() throws Exception {
    assertThat(send("GET", "/readyz").statusCode()).isEqualTo(200);

    ready.set(false);

    assertThat(send("GET", "/readyz").statusCode()).isEqualTo(503);
  }

  @Test
  void get_unknownPath_returns404() throws Exception {
    assertThat(send("GET", "/").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/metrics/").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/api/v1/sessions").statusCode()).isEqualTo(404);
  }

  @Test
  void post_knownPath_returns405WithAllowGet() throws Exception {
    HttpResponse<String> response = send("POST", "/metrics");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET");
  }

  @Test
  void otherMethods_knownPaths_return405() throws Exception {
    assertThat(send("PUT", "/healthz").statusCode()).isEqualTo(405);
    assertThat(send("DELETE", "/readyz").statusCode()).isEqualTo(405);
  }

  @Test
  void close_afterwards_refusesConnections() throws Exception {
    int port = server.address().getPort();
    server.close();

    assertThat(connectable(port)).isFalse();
  }

  static boolean connectable(int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }
}

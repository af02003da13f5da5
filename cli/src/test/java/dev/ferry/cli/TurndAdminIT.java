package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** bin/turnd's metrics and health endpoints, as an operator reaches them. */
class TurndAdminIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static HttpResponse<String> get(int port, String path) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(TIMEOUT)
            .GET()
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void turnd_adminListen_servesMetricsAndReadinessThere() throws Exception {
    int port = TurndProcess.freePort();
    int admin = TurndProcess.freePort();
    try (TurndProcess turnd =
        TurndProcess.start(
            "-L",
            "127.0.0.1",
            "-p",
            Integer.toString(port),
            "--admin-listen",
            "127.0.0.1:" + admin)) {
      assertThat(turnd.awaitLine("Ready")).as(turnd.output()).isTrue();
      assertThat(turnd.output()).contains("Metrics on http://127.0.0.1:" + admin + "/metrics");

      HttpResponse<String> metrics = get(admin, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .contains("stun_requests_total{method=\"binding\",transport=\"udp\"}");
      assertThat(get(admin, "/readyz").statusCode()).isEqualTo(200);

      assertThat(turnd.terminate()).as(turnd.output()).isZero();
    }
  }

  @Test
  void turnd_adminPortTaken_exitsOneNamingTheSetting() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        TurndProcess turnd =
            TurndProcess.start(
                "-L",
                "127.0.0.1",
                "-p",
                Integer.toString(TurndProcess.freePort()),
                "--admin-listen",
                "127.0.0.1:" + taken.getLocalPort())) {
      assertThat(turnd.awaitExit()).as(turnd.output()).isEqualTo(1);
      assertThat(turnd.output())
          .contains("Cannot start")
          .contains("admin-listen")
          .contains("127.0.0.1:" + taken.getLocalPort());
    }
  }
}

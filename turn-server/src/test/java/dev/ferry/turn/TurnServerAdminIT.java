package dev.ferry.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.turn.config.ServerConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A whole server with its admin endpoints on loopback: what a Prometheus scrape really sees. */
class TurnServerAdminIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** Every meter family a scrape must list from the start, before any traffic. */
  private static final List<String> FAMILIES =
      List.of(
          "stun_requests_total",
          "stun_responses_total",
          "stun_messages_dropped_total",
          "stun_indications_total",
          "stun_connections_accepted_total",
          "stun_connections_active",
          "stun_unauthenticated_limited_total",
          "turn_allocations_active",
          "turn_allocations_total",
          "turn_relayed_packets_total",
          "turn_relayed_bytes_total",
          "turn_relay_ports_in_use",
          "turn_peer_denied_total",
          "turn_auth_failures_total");

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private TurnServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  private static ServerConfig config(InetSocketAddress admin) {
    return ServerConfig.defaults()
        .withListeningIps(List.of(InetAddress.getLoopbackAddress()))
        .withPort(0)
        .withIoThreads(1)
        .withAdminAddress(admin);
  }

  private TurnServer start() {
    server = TurnServer.start(config(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
    return server;
  }

  private HttpResponse<String> get(String path) throws Exception {
    InetSocketAddress admin = server.adminAddress().orElseThrow();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + TurnServer.format(admin) + path))
            .timeout(TIMEOUT)
            .GET()
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private void udpBinding() throws IOException {
    ByteBuf request = StunTestMessages.bindingRequest();
    byte[] bytes;
    try {
      bytes = ByteBufUtil.getBytes(request);
    } finally {
      request.release();
    }
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      socket.send(new DatagramPacket(bytes, bytes.length, server.udpAddresses().get(0)));
      byte[] in = new byte[1500];
      // The request is counted before the response is written, so the answer orders the scrape.
      socket.receive(new DatagramPacket(in, in.length));
    }
  }

  @Test
  void metrics_afterOneUdpBinding_countsOneBindingRequestOnUdp() throws Exception {
    start();

    udpBinding();
    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body())
        .contains("stun_requests_total{method=\"binding\",transport=\"udp\"} 1.0\n")
        .contains("stun_responses_total{class=\"success\",transport=\"udp\"} 1.0\n")
        .contains("stun_requests_total{method=\"binding\",transport=\"tcp\"} 0.0\n");
  }

  @Test
  void metrics_beforeAnyTraffic_listsEveryMeterFamily() throws Exception {
    start();

    List<String> lines = get("/metrics").body().lines().toList();

    for (String family : FAMILIES) {
      assertThat(lines)
          .as(family)
          .anyMatch(l -> l.startsWith(family + "{") || l.startsWith(family + " "));
    }
  }

  @Test
  void healthz_running_returns200Ok() throws Exception {
    start();

    HttpResponse<String> response = get("/healthz");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok\n");
  }

  @Test
  void readyz_everyListenerBound_returns200() throws Exception {
    start();

    assertThat(server.isReady()).isTrue();
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
  }

  @Test
  void stop_afterwards_notReadyAndAdminPortClosed() throws Exception {
    start();
    InetSocketAddress admin = server.adminAddress().orElseThrow();

    server.stop();

    assertThat(server.isReady()).isFalse();
    try (java.net.Socket socket = new java.net.Socket()) {
      assertThatThrownBy(() -> socket.connect(admin, 2_000)).isInstanceOf(IOException.class);
    }
  }

  @Test
  void start_adminAddressNull_servesNoAdminEndpoints() {
    server = TurnServer.start(config(null));

    assertThat(server.adminAddress()).isEmpty();
    assertThat(server.isReady()).isTrue();
  }

  @Test
  void start_adminPortTaken_failsNamingTheSettingAndReleasesTheListeners() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      InetSocketAddress admin = (InetSocketAddress) taken.getLocalSocketAddress();

      assertThatThrownBy(() -> server = TurnServer.start(config(admin)))
          .isInstanceOf(ServerStartException.class)
          .hasMessageContaining("admin-listen")
          .hasMessageContaining("127.0.0.1:" + admin.getPort());
    }
  }
}

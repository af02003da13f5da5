package dev.ferry.bench.load;

import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The figures of one run: setup (allocations/s, setup latency) and traffic (echoes sent and
 * received in the measured window, loss, relayed packets/s, round-trip percentiles).
 *
 * <p>{@code echoPps} counts round trips completed per second; each round trip passes the relay
 * twice (client to peer, peer to client), so {@code relayedPps} is twice that. {@code sent} and
 * {@code received} cover the measured window; {@code sentTotal} and {@code receivedTotal} the whole
 * run (warm-up and drain included), to divide a server's CPU time by. {@code relayRttMicros} is the
 * relay's share of each round trip, from kernel receive timestamps (empty when they are off): the
 * round trip less the echo peer's turnaround and the client's wake-up.
 */
record LoadResult(
    LoadConfig config,
    String transport,
    String realm,
    int allocationsReady,
    int allocationsFailed,
    List<String> failures,
    double setupSeconds,
    Histogram setupMicros,
    double measuredSeconds,
    long sent,
    long received,
    long sentTotal,
    long receivedTotal,
    Histogram rttMicros,
    Histogram relayRttMicros) {

  long lost() {
    return Math.max(0, sent - received);
  }

  double lossPercent() {
    return sent == 0 ? 0 : 100.0 * lost() / sent;
  }

  double echoPps() {
    return measuredSeconds <= 0 ? 0 : received / measuredSeconds;
  }

  double relayedPps() {
    return 2 * echoPps();
  }

  double allocationsPerSecond() {
    return setupSeconds <= 0 ? 0 : allocationsReady / setupSeconds;
  }

  boolean hasTraffic() {
    return config.mode() == Mode.FLOOD || config.mode() == Mode.PACED;
  }

  /** One JSON object; latencies in microseconds. */
  String toJson() {
    StringBuilder json = new StringBuilder(1024).append('{');
    field(json, "server", config.server().getHostString() + ":" + config.server().getPort());
    field(json, "mode", config.mode().name().toLowerCase(Locale.ROOT));
    field(json, "transport", transport);
    field(json, "realm", realm);
    number(json, "allocations", config.allocations());
    number(json, "concurrency", config.concurrency());
    number(json, "payload", config.payload());
    number(json, "rate", config.mode() == Mode.PACED ? config.rate() : 0);
    number(json, "window", config.mode() == Mode.FLOOD ? config.window() : 0);
    number(json, "allocationsReady", allocationsReady);
    number(json, "allocationsFailed", allocationsFailed);
    decimal(json, "setupSeconds", setupSeconds);
    decimal(json, "allocationsPerSecond", allocationsPerSecond());
    percentiles(json, "setup", setupMicros);
    decimal(json, "durationSeconds", measuredSeconds);
    number(json, "sent", sent);
    number(json, "received", received);
    number(json, "lost", lost());
    decimal(json, "lossPercent", lossPercent());
    number(json, "sentTotal", sentTotal);
    number(json, "receivedTotal", receivedTotal);
    decimal(json, "echoPps", echoPps());
    decimal(json, "relayedPps", relayedPps());
    percentiles(json, "rtt", rttMicros);
    if (relayRttMicros.getTotalCount() > 0) {
      number(json, "relayRttCount", relayRttMicros.getTotalCount());
      percentiles(json, "relayRtt", relayRttMicros);
    }
    json.append("\"failures\":[");
    for (int i = 0; i < failures.size(); i++) {
      json.append(i == 0 ? "" : ",").append(quote(failures.get(i)));
    }
    return json.append("]}").toString();
  }

  /** A few lines for a person. */
  String toHuman() {
    StringBuilder out = new StringBuilder(512);
    out.append(
        String.format(
            Locale.ROOT,
            "TURN load %s -> %s:%d (%s, realm %s)%n",
            config.mode().name().toLowerCase(Locale.ROOT),
            config.server().getHostString(),
            config.server().getPort(),
            transport,
            realm));
    if (config.mode() == Mode.PROBE) {
      return out.append(
              allocationsReady == 1
                  ? "probe    the server answered Allocate with 401, REALM and NONCE\n"
                  : "probe    no 401 with REALM and NONCE: " + failures + "\n")
          .toString();
    }
    out.append(
        String.format(
            Locale.ROOT,
            "setup    %d/%d allocations in %.3f s = %.1f allocations/s;"
                + " latency p50 %d us, p99 %d us, max %d us%n",
            allocationsReady,
            config.allocations(),
            setupSeconds,
            allocationsPerSecond(),
            setupMicros.getValueAtPercentile(50),
            setupMicros.getValueAtPercentile(99),
            setupMicros.getMaxValue()));
    if (allocationsFailed > 0) {
      out.append(String.format(Locale.ROOT, "failed   %d: %s%n", allocationsFailed, failures));
    }
    if (hasTraffic()) {
      out.append(
          String.format(
              Locale.ROOT,
              "traffic  %d allocations x %d-byte payload, %s, %.1f s measured%n",
              allocationsReady,
              config.payload(),
              config.mode() == Mode.PACED
                  ? config.rate() + " pps each"
                  : "window " + config.window() + " each",
              measuredSeconds));
      out.append(
          String.format(
              Locale.ROOT,
              "packets  sent %d, received %d, lost %d (%.3f%%); %.0f echoes/s = %.0f relayed"
                  + " packets/s%n",
              sent,
              received,
              lost(),
              lossPercent(),
              echoPps(),
              relayedPps()));
      out.append(
          String.format(
              Locale.ROOT,
              "rtt us   p50 %d, p90 %d, p99 %d, p99.9 %d, max %d%n",
              rttMicros.getValueAtPercentile(50),
              rttMicros.getValueAtPercentile(90),
              rttMicros.getValueAtPercentile(99),
              rttMicros.getValueAtPercentile(99.9),
              rttMicros.getMaxValue()));
      if (relayRttMicros.getTotalCount() > 0) {
        out.append(
            String.format(
                Locale.ROOT,
                "relay us p50 %d, p90 %d, p99 %d, p99.9 %d, max %d (kernel timestamps)%n",
                relayRttMicros.getValueAtPercentile(50),
                relayRttMicros.getValueAtPercentile(90),
                relayRttMicros.getValueAtPercentile(99),
                relayRttMicros.getValueAtPercentile(99.9),
                relayRttMicros.getMaxValue()));
      }
    }
    return out.toString();
  }

  private static void percentiles(StringBuilder json, String prefix, Histogram h) {
    number(json, prefix + "P50Us", h.getValueAtPercentile(50));
    number(json, prefix + "P90Us", h.getValueAtPercentile(90));
    number(json, prefix + "P99Us", h.getValueAtPercentile(99));
    number(json, prefix + "P999Us", h.getValueAtPercentile(99.9));
    number(json, prefix + "MaxUs", h.getMaxValue());
    decimal(json, prefix + "MeanUs", h.getTotalCount() == 0 ? 0 : h.getMean());
  }

  private static void field(StringBuilder json, String name, String value) {
    json.append(quote(name)).append(':').append(value == null ? "null" : quote(value)).append(',');
  }

  private static void number(StringBuilder json, String name, long value) {
    json.append(quote(name)).append(':').append(value).append(',');
  }

  private static void decimal(StringBuilder json, String name, double value) {
    json.append(quote(name)).append(':');
    json.append(String.format(Locale.ROOT, "%.3f", value)).append(',');
  }

  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}

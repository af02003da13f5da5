package dev.ferry.turn.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The TURN meters (DESIGN §8), registered once at start and resolved into fields and arrays so that
 * the relay path counts with an index and an add, never a registry lookup.
 */
public final class TurnMetrics {
  /** The {@code result} label of {@code turn_allocations_total}. */
  public enum AllocateResult {
    SUCCESS,
    ALLOCATION_MISMATCH,
    BAD_REQUEST,
    UNKNOWN_ATTRIBUTE,
    UNSUPPORTED_TRANSPORT,
    ADDRESS_FAMILY_NOT_SUPPORTED,
    QUOTA_REACHED,
    INSUFFICIENT_CAPACITY;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The {@code direction} label of the relayed traffic counters. */
  public enum Direction {
    TO_PEER,
    TO_CLIENT
  }

  private final AtomicInteger active = new AtomicInteger();
  private final Counter[] allocations;
  private final Counter[] packets;
  private final Counter[] bytes;
  private final Map<String, Counter> peerDenied;
  private final Map<String, Counter> authFailures;
  private final Counter unauthenticatedLimited;
  private final Counter segmentedSends;
  private final Counter segmentedDatagrams;
  private final Counter segmentedSendFailures;
  private final Counter sendQueueFull;
  private final Counter peerTruncated;
  private final Counter sendRefused;

  private TurnMetrics(
      MeterRegistry registry,
      IntSupplier relayPortsInUse,
      Iterable<String> peerDeniedReasons,
      Iterable<String> authFailureReasons) {
    Gauge.builder("turn.allocations.active", active, AtomicInteger::get)
        .description("Allocations alive now")
        .register(registry);
    Gauge.builder("turn.relay.ports.in.use", relayPortsInUse, s -> s.getAsInt())
        .description("Relay ports held by allocations and reservations")
        .register(registry);
    AllocateResult[] results = AllocateResult.values();
    allocations = new Counter[results.length];
    for (AllocateResult r : results) {
      allocations[r.ordinal()] =
          Counter.builder("turn.allocations")
              .description("Allocate requests answered, by result")
              .tag("result", r.label())
              .register(registry);
    }
    Direction[] directions = Direction.values();
    packets = new Counter[directions.length];
    bytes = new Counter[directions.length];
    for (Direction d : directions) {
      String label = d.name().toLowerCase(Locale.ROOT);
      packets[d.ordinal()] =
          Counter.builder("turn.relayed.packets")
              .description("Datagrams relayed")
              .tag("direction", label)
              .register(registry);
      bytes[d.ordinal()] =
          Counter.builder("turn.relayed.bytes")
              .description("Payload bytes relayed")
              .tag("direction", label)
              .register(registry);
    }
    peerDenied =
        counters(registry, "turn.peer.denied", "Peers refused or dropped", peerDeniedReasons);
    authFailures =
        counters(registry, "turn.auth.failures", "Requests not authenticated", authFailureReasons);
    unauthenticatedLimited =
        Counter.builder("stun.unauthenticated.limited")
            .description("Error responses to unauthenticated requests suppressed (amplification)")
            .register(registry);
    segmentedSends =
        Counter.builder("turn.udp.gso.sends")
            .description("UDP GSO writes, each carrying several relayed datagrams")
            .register(registry);
    segmentedDatagrams =
        Counter.builder("turn.udp.gso.datagrams")
            .description("Relayed datagrams that left inside a UDP GSO write")
            .register(registry);
    segmentedSendFailures =
        Counter.builder("turn.udp.gso.failures")
            .description("UDP GSO writes the kernel refused (the socket then sends one by one)")
            .register(registry);
    peerTruncated =
        Counter.builder("turn.peer.truncated")
            .description("Peer datagrams longer than the largest datagram read, dropped")
            .register(registry);
    sendQueueFull =
        Counter.builder("turn.udp.send.dropped")
            .description("Datagrams dropped before the kernel: full send queue, or refused by it")
            .tag("reason", "queue_full")
            .register(registry);
    sendRefused =
        Counter.builder("turn.udp.send.dropped")
            .description("Datagrams dropped before the kernel: full send queue, or refused by it")
            .tag("reason", "refused")
            .register(registry);
  }

  private static Map<String, Counter> counters(
      MeterRegistry registry, String name, String description, Iterable<String> reasons) {
    Map<String, Counter> out = new java.util.HashMap<>();
    for (String reason : reasons) {
      out.put(
          reason,
          Counter.builder(name).description(description).tag("reason", reason).register(registry));
    }
    return Map.copyOf(out);
  }

  /**
   * Registers the meters.
   *
   * @param relayPortsInUse read by the {@code turn_relay_ports_in_use} gauge
   * @param peerDeniedReasons every {@code reason} label the peer counter may get
   * @param authFailureReasons every {@code reason} label the auth counter may get
   */
  public static TurnMetrics register(
      MeterRegistry registry,
      IntSupplier relayPortsInUse,
      Iterable<String> peerDeniedReasons,
      Iterable<String> authFailureReasons) {
    return new TurnMetrics(registry, relayPortsInUse, peerDeniedReasons, authFailureReasons);
  }

  /** An allocation was created. */
  public void allocationOpened() {
    active.incrementAndGet();
  }

  /** An allocation ended. */
  public void allocationClosed() {
    active.decrementAndGet();
  }

  /** Allocations alive now. */
  public int activeAllocations() {
    return active.get();
  }

  /** An Allocate request was answered. */
  public void allocate(AllocateResult result) {
    allocations[result.ordinal()].increment();
  }

  /** A datagram of {@code payloadBytes} was relayed. */
  public void relayed(Direction direction, int payloadBytes) {
    packets[direction.ordinal()].increment();
    bytes[direction.ordinal()].increment(payloadBytes);
  }

  /** A peer was refused (policy) or its traffic dropped (no permission); the label is bounded. */
  public void peerDenied(String reason) {
    Counter c = peerDenied.get(reason);
    if (c != null) {
      c.increment();
    }
  }

  /** A request failed authentication; the label is bounded. */
  public void authFailure(String reason) {
    Counter c = authFailures.get(reason);
    if (c != null) {
      c.increment();
    }
  }

  /** An error response to an unauthenticated request was suppressed by the amplification guard. */
  public void unauthenticatedLimited() {
    unauthenticatedLimited.increment();
  }

  /** One UDP GSO write carried {@code datagrams} relayed datagrams. */
  public void segmentedSend(int datagrams) {
    segmentedSends.increment();
    segmentedDatagrams.increment(datagrams);
  }

  /** A peer datagram longer than the read size was dropped rather than relayed cut. */
  public void peerTruncated() {
    peerTruncated.increment();
  }

  /**
   * A datagram found its socket's send queue full (the socket could not keep up) and was dropped.
   */
  public void sendQueueFull() {
    sendQueueFull.increment();
  }

  /**
   * The kernel refused {@code datagrams} datagrams (bad recipient, oversized) and they were
   * dropped.
   */
  public void sendRefused(long datagrams) {
    sendRefused.increment(datagrams);
  }

  /** The kernel refused a UDP GSO write. */
  public void segmentedSendFailed() {
    segmentedSendFailures.increment();
  }

  /** For tests and the admin API: the per-direction counters' current values. */
  public Map<Direction, Double> relayedPackets() {
    Map<Direction, Double> out = new EnumMap<>(Direction.class);
    for (Direction d : Direction.values()) {
      out.put(d, packets[d.ordinal()].count());
    }
    return out;
  }
}

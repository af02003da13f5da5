package dev.ferry.turn.relay;

import dev.ferry.turn.allocation.Allocation;
import dev.ferry.turn.allocation.AllocationLimits;
import dev.ferry.turn.allocation.AllocationQuotas;
import dev.ferry.turn.allocation.AllocationTable;
import dev.ferry.turn.allocation.NanoClock;
import dev.ferry.turn.allocation.ReleaseReason;
import dev.ferry.turn.allocation.TransactionCache;
import dev.ferry.turn.metrics.TurnMetrics;
import dev.ferry.turn.policy.UnauthenticatedResponseLimiter;
import io.netty.channel.EventLoop;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the {@link TurnLoop} of each event loop on first use and schedules its once-a-second
 * sweeper on that loop. Listeners look their loop's state up once, when a socket or connection
 * starts, never per packet.
 */
public final class TurnLoops {
  private static final Logger LOG = LoggerFactory.getLogger("dev.ferry.turn.allocations");

  /** Source slots of each loop's amplification guard. */
  private static final int LIMITER_ENTRIES = 1 << 14;

  private final AllocationLimits limits;
  private final AllocationQuotas quotas;
  private final ReservationTokens tokens;
  private final TurnMetrics metrics;
  private final NanoClock clock;
  private final double unauthenticatedRate;
  private final int unauthenticatedBurst;
  private final ConcurrentHashMap<EventLoop, TurnLoop> loops = new ConcurrentHashMap<>();

  /** The per-loop state factory for one server. */
  public TurnLoops(
      AllocationLimits limits,
      AllocationQuotas quotas,
      ReservationTokens tokens,
      TurnMetrics metrics,
      NanoClock clock,
      double unauthenticatedRate,
      int unauthenticatedBurst) {
    this.limits = limits;
    this.quotas = quotas;
    this.tokens = tokens;
    this.metrics = metrics;
    this.clock = clock;
    this.unauthenticatedRate = unauthenticatedRate;
    this.unauthenticatedBurst = unauthenticatedBurst;
  }

  /** The TURN meters (relay sockets and listeners count their GSO writes there). */
  public TurnMetrics metrics() {
    return metrics;
  }

  /** The state of {@code loop}, created (and its sweeper scheduled) on first call. */
  public TurnLoop forLoop(EventLoop loop) {
    return loops.computeIfAbsent(loop, this::create);
  }

  private TurnLoop create(EventLoop loop) {
    AllocationTable<RelaySocket> table = new AllocationTable<>(limits, quotas, this::released);
    TurnLoop state =
        new TurnLoop(
            table,
            TransactionCache.of(limits),
            new UnauthenticatedResponseLimiter(
                unauthenticatedRate,
                unauthenticatedBurst,
                LIMITER_ENTRIES,
                clock::nanoTime,
                new SecureRandom()),
            tokens,
            clock);
    loop.scheduleAtFixedRate(state::sweep, 1, 1, TimeUnit.SECONDS);
    return state;
  }

  private void released(Allocation<RelaySocket> allocation, ReleaseReason reason, long now) {
    metrics.allocationClosed();
    LOG.info(
        "Allocation released: reason={} user={} {} relay={} to_peer={}p/{}B to_client={}p/{}B"
            + " duration={}s",
        reason.name().toLowerCase(java.util.Locale.ROOT),
        allocation.username(),
        allocation.fiveTuple(),
        allocation.relay().advertised(),
        allocation.packetsToPeer(),
        allocation.bytesToPeer(),
        allocation.packetsToClient(),
        allocation.bytesToClient(),
        TimeUnit.NANOSECONDS.toSeconds(now - allocation.createdAtNanos()));
  }

  /** Releases everything on every loop (shutdown); runs each loop's part on that loop. */
  public void closeAll() {
    List<io.netty.util.concurrent.Future<?>> done = new ArrayList<>();
    loops.forEach(
        (loop, state) -> {
          if (!loop.isShuttingDown()) {
            done.add(loop.submit(state::close));
          }
        });
    for (io.netty.util.concurrent.Future<?> f : done) {
      f.awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
  }
}

package dev.ferry.turn.relay;

import dev.ferry.stun.channel.ChannelData;
import dev.ferry.turn.allocation.AllocationTable;
import dev.ferry.turn.allocation.NanoClock;
import dev.ferry.turn.allocation.ReleaseReason;
import dev.ferry.turn.allocation.TransactionCache;
import dev.ferry.turn.policy.UnauthenticatedResponseLimiter;

/**
 * The TURN state owned by one event loop (DESIGN §3): its allocations, its cache of answered
 * transactions, its amplification guard, its flush batch and a reusable ChannelData view. Touched
 * only on that loop, so nothing here is locked. {@link #sweep} runs once a second on the loop.
 */
public final class TurnLoop {
  private final AllocationTable<RelaySocket> table;
  private final TransactionCache transactions;
  private final UnauthenticatedResponseLimiter limiter;
  private final ReservationTokens tokens;
  private final NanoClock clock;
  private final FlushBatch batch = new FlushBatch();
  private final ChannelData channelData = new ChannelData();

  /** State for one loop; see {@link TurnLoops#forLoop}. */
  public TurnLoop(
      AllocationTable<RelaySocket> table,
      TransactionCache transactions,
      UnauthenticatedResponseLimiter limiter,
      ReservationTokens tokens,
      NanoClock clock) {
    this.table = table;
    this.transactions = transactions;
    this.limiter = limiter;
    this.tokens = tokens;
    this.clock = clock;
  }

  public AllocationTable<RelaySocket> table() {
    return table;
  }

  public TransactionCache transactions() {
    return transactions;
  }

  /** Caps error responses to unauthenticated requests per source (amplification guard). */
  public UnauthenticatedResponseLimiter limiter() {
    return limiter;
  }

  public FlushBatch batch() {
    return batch;
  }

  /** The loop's monotonic clock, read once per wakeup by the native relay path. */
  public long nanoTime() {
    return clock.nanoTime();
  }

  /** A ChannelData view for this loop's thread; clear it after use. */
  public ChannelData channelData() {
    return channelData;
  }

  /**
   * Reaps expired allocations (closing their relay sockets and returning their ports), expired
   * permissions, channels, cached responses and port reservations.
   */
  public void sweep() {
    long now = clock.nanoTime();
    table.sweep(now);
    transactions.sweep(now);
    tokens.sweep();
  }

  /** Releases every allocation and cached response (shutdown). */
  public void close() {
    table.closeAll(clock.nanoTime());
    transactions.close();
  }

  /** Releases the allocations of a client link whose connection closed (TCP). */
  public void linkClosed(ClientLink link) {
    long now = clock.nanoTime();
    link.forEachAllocation(a -> table.release(a, ReleaseReason.CLOSED, now));
  }
}

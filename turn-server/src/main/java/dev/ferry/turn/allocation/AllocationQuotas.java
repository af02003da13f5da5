package dev.ferry.turn.allocation;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Allocation counts per username and in total, shared by all event loops. Touched once per Allocate
 * and once per release, never per packet, so a lock is cheap enough. Caps stop one credential from
 * exhausting relay ports (RFC 8656 §5: limit allocations per username, answer 486).
 */
public final class AllocationQuotas {
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> perUser = new ConcurrentHashMap<>();
  private volatile int maxPerUser;
  private volatile int maxTotal;

  public AllocationQuotas(int maxPerUser, int maxTotal) {
    setLimits(maxPerUser, maxTotal);
  }

  /** Quotas from {@code limits}. */
  public static AllocationQuotas of(AllocationLimits limits) {
    return new AllocationQuotas(limits.maxAllocationsPerUser(), limits.maxAllocationsTotal());
  }

  /** Changes the caps (config reload); existing allocations are kept even if now over the limit. */
  public void setLimits(int newMaxPerUser, int newMaxTotal) {
    if (newMaxPerUser < 1 || newMaxTotal < 1) {
      throw new IllegalArgumentException("quotas must be positive");
    }
    this.maxPerUser = newMaxPerUser;
    this.maxTotal = newMaxTotal;
  }

  /**
   * Takes one slot for {@code username}, or says which quota is full. One lock covers both counts
   * so that a request refused by its user quota never makes another request see the total as full
   * (a transient over-count would refuse allocations below the cap).
   */
  public synchronized QuotaResult tryAcquire(String username) {
    if (total.get() >= maxTotal) {
      return QuotaResult.TOTAL_QUOTA_REACHED;
    }
    int held = perUser.getOrDefault(username, 0);
    if (held >= maxPerUser) {
      return QuotaResult.USER_QUOTA_REACHED;
    }
    perUser.put(username, held + 1);
    total.incrementAndGet();
    return QuotaResult.ACQUIRED;
  }

  /** Gives back a slot taken by {@link #tryAcquire}. */
  public synchronized void release(String username) {
    Integer held = perUser.get(username);
    if (held == null) {
      throw new IllegalStateException("released a quota slot that was not held");
    }
    if (held <= 1) {
      perUser.remove(username);
    } else {
      perUser.put(username, held - 1);
    }
    total.decrementAndGet();
  }

  /** Allocations held in total. */
  public int inUse() {
    return total.get();
  }

  /** Allocations held by {@code username}. */
  public int inUse(String username) {
    return perUser.getOrDefault(username, 0);
  }
}

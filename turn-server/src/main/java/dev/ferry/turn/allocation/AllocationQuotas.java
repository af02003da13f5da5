package dev.ferry.turn.allocation;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Allocation counts per username and in total, shared by all event loops. Touched once per Allocate
 * and once per release, never per packet, so atomics and a concurrent map are cheap enough. Caps
 * stop one credential from exhausting relay ports (RFC 8656 §5: limit allocations per username,
 * answer 486).
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

  /** Takes one slot for {@code username}, or says which quota is full. */
  public QuotaResult tryAcquire(String username) {
    int limit = maxTotal;
    int n;
    do {
      n = total.get();
      if (n >= limit) {
        return QuotaResult.TOTAL_QUOTA_REACHED;
      }
    } while (!total.compareAndSet(n, n + 1));
    int userLimit = maxPerUser;
    boolean[] acquired = {false};
    perUser.compute(
        username,
        (user, count) -> {
          int c = count == null ? 0 : count;
          if (c >= userLimit) {
            return count;
          }
          acquired[0] = true;
          return c + 1;
        });
    if (!acquired[0]) {
      total.decrementAndGet();
      return QuotaResult.USER_QUOTA_REACHED;
    }
    return QuotaResult.ACQUIRED;
  }

  /** Gives back a slot taken by {@link #tryAcquire}. */
  public void release(String username) {
    boolean[] held = {false};
    perUser.computeIfPresent(
        username,
        (user, count) -> {
          held[0] = true;
          return count <= 1 ? null : count - 1;
        });
    if (!held[0]) {
      throw new IllegalStateException("released a quota slot that was not held");
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

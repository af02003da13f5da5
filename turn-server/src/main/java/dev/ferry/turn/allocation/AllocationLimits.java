package dev.ferry.turn.allocation;

import java.time.Duration;

/**
 * Every cap on allocation state in one place, so that each kind of state has a bound (DESIGN.md §6)
 * and the config layer has one record to fill.
 *
 * @param lifetimes how long allocations, permissions and channels live
 * @param maxPermissionsPerAllocation beyond this CreatePermission/ChannelBind answer 508; stops a
 *     client from growing one allocation's permission list without bound
 * @param maxChannelsPerAllocation active bindings beyond this answer 508 (the channel-number space
 *     bounds memory anyway, including quarantined bindings)
 * @param maxAllocationsPerUser beyond this Allocate answers 486 (RFC 8656 §5 RECOMMENDED)
 * @param maxAllocationsTotal beyond this Allocate answers 486 server-wide
 * @param transactionTtl how long a response stays cached for retransmissions (RFC 8489 §6.3.1: 40
 *     s)
 * @param maxCachedTransactions bound on cached responses per event loop
 */
public record AllocationLimits(
    LifetimePolicy lifetimes,
    int maxPermissionsPerAllocation,
    int maxChannelsPerAllocation,
    int maxAllocationsPerUser,
    int maxAllocationsTotal,
    Duration transactionTtl,
    int maxCachedTransactions) {

  /** RFC lifetimes, and caps generous enough for large meshes but bounded. */
  public static final AllocationLimits DEFAULTS =
      new AllocationLimits(
          LifetimePolicy.RFC_DEFAULTS, 512, 512, 100, 100_000, Duration.ofSeconds(40), 16_384);

  public AllocationLimits {
    if (lifetimes == null || transactionTtl == null) {
      throw new IllegalArgumentException("lifetimes and transactionTtl are required");
    }
    if (maxPermissionsPerAllocation < 1
        || maxChannelsPerAllocation < 1
        || maxAllocationsPerUser < 1
        || maxAllocationsTotal < 1
        || maxCachedTransactions < 0) {
      throw new IllegalArgumentException("caps must be positive (cache size may be 0)");
    }
    if (transactionTtl.isNegative()) {
      throw new IllegalArgumentException("transactionTtl must not be negative");
    }
  }

  /** A copy with other lifetimes. */
  public AllocationLimits withLifetimes(LifetimePolicy newLifetimes) {
    return new AllocationLimits(
        newLifetimes,
        maxPermissionsPerAllocation,
        maxChannelsPerAllocation,
        maxAllocationsPerUser,
        maxAllocationsTotal,
        transactionTtl,
        maxCachedTransactions);
  }
}

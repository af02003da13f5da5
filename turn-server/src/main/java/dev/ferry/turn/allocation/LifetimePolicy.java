package dev.ferry.turn.allocation;

/**
 * The lifetimes TURN state is granted, with the RFC values as defaults.
 *
 * @param defaultAllocationSeconds granted when LIFETIME is absent or too small (RFC 8656 §6: 600)
 * @param maxAllocationSeconds upper bound on any requested lifetime (RFC 8656 §7.2: at most 3600
 *     RECOMMENDED)
 * @param permissionSeconds permission lifetime (RFC 8656 §9: MUST be 300)
 * @param channelSeconds channel binding lifetime (RFC 8656 §12: 10 minutes)
 * @param channelQuarantineSeconds how long an expired channel number and peer stay unusable for a
 *     different pairing (RFC 8656 §12: 5 minutes)
 */
public record LifetimePolicy(
    long defaultAllocationSeconds,
    long maxAllocationSeconds,
    long permissionSeconds,
    long channelSeconds,
    long channelQuarantineSeconds) {

  /** Marks a request that carried no LIFETIME attribute. */
  public static final long NOT_REQUESTED = -1;

  /** The values RFC 8656 prescribes or recommends. */
  public static final LifetimePolicy RFC_DEFAULTS = new LifetimePolicy(600, 3600, 300, 600, 300);

  public LifetimePolicy {
    if (defaultAllocationSeconds <= 0 || maxAllocationSeconds < defaultAllocationSeconds) {
      throw new IllegalArgumentException(
          "need 0 < default allocation lifetime ("
              + defaultAllocationSeconds
              + ") <= max allocation lifetime ("
              + maxAllocationSeconds
              + ")");
    }
    if (permissionSeconds <= 0 || channelSeconds <= 0 || channelQuarantineSeconds < 0) {
      throw new IllegalArgumentException("permission and channel lifetimes must be positive");
    }
  }

  /**
   * The lifetime an Allocate grants. RFC 8656 §7.2: "If the request contains a LIFETIME attribute,
   * then the server computes the minimum of the client's proposed lifetime and the server's maximum
   * allowed lifetime. If this computed value is greater than the default lifetime, then the server
   * uses the computed lifetime [...]. Otherwise, the server uses the default lifetime." So the
   * default is also the floor, and a LIFETIME of 0 in an Allocate yields the default.
   *
   * @param requestedSeconds the LIFETIME value (unsigned 32 bits), or {@link #NOT_REQUESTED}
   */
  public long grantAllocate(long requestedSeconds) {
    if (requestedSeconds == NOT_REQUESTED) {
      return defaultAllocationSeconds;
    }
    return Math.max(defaultAllocationSeconds, Math.min(requestedSeconds, maxAllocationSeconds));
  }

  /**
   * The "desired lifetime" of a Refresh. RFC 8656 §8.2 applies the same min/max rule as Allocate
   * (§8.1: "in the same way as it does for an Allocate transaction"), with the one exception that a
   * LIFETIME of zero gives zero, which deletes the allocation.
   *
   * @param requestedSeconds the LIFETIME value (unsigned 32 bits), or {@link #NOT_REQUESTED}
   * @return seconds to grant, or 0 to delete
   */
  public long grantRefresh(long requestedSeconds) {
    return requestedSeconds == 0 ? 0 : grantAllocate(requestedSeconds);
  }
}

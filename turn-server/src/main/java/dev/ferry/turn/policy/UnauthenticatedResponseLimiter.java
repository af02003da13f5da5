package dev.ferry.turn.policy;

import dev.ferry.turn.policy.AddressCanonicalizer.Form;
import java.net.InetAddress;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Caps how often the server answers unauthenticated requests (401/400/438 challenges) per source,
 * so that a spoofed source address cannot turn the server into an amplifier aimed at a victim (RFC
 * 8489 §6.3, DESIGN §6). A denied caller drops the request silently and counts it.
 *
 * <p>Each source gets a token bucket (rate per second, burst), kept as a GCRA "theoretical arrival
 * time" in one long. IPv6 sources are keyed by their /64, which is what one host or site controls;
 * IPv4-mapped sources count as the IPv4 address.
 *
 * <p>Memory is fixed: a set-associative table ({@value #WAYS} ways) keyed by a seeded 64-bit hash.
 * When a new source finds its set full, it replaces the entry with the most credit and inherits
 * that entry's state instead of a fresh full bucket. So sources can neither grow the table nor
 * reset a victim's bucket by flooding with spoofed addresses: whatever the traffic, a set (and so
 * any single source) gets at most {@value #WAYS} times the configured rate, plus bursts.
 *
 * <p>Not thread-safe: make one per event loop (preferred; no sharing, no locks).
 */
public final class UnauthenticatedResponseLimiter {

  /** Entries per hash set. */
  public static final int WAYS = 4;

  private static final long MAX_SPAN_NANOS = Long.MAX_VALUE / 8;

  private final long intervalNanos;
  private final long toleranceNanos;
  private final LongSupplier nanoClock;
  private final long seed;
  private final int setMask;
  // fingerprint 0 marks an empty slot; real fingerprints are forced odd.
  private final long[] fingerprints;
  private final long[] theoreticalArrival;

  private long deniedCount;
  private long evictionCount;
  private int occupied;

  /**
   * @param ratePerSecond sustained responses per second per source; more than 0
   * @param burst responses allowed at once from a quiet source; at least 1
   * @param entries table size; rounded up to a power of two, at least {@value #WAYS}
   * @param nanoClock monotonic nanoseconds
   * @param random seeds the hash, so that an attacker cannot aim collisions
   */
  public UnauthenticatedResponseLimiter(
      double ratePerSecond,
      int burst,
      int entries,
      LongSupplier nanoClock,
      RandomGenerator random) {
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("rate per second must be positive: " + ratePerSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1: " + burst);
    }
    if (entries < 1 || entries > (1 << 26)) {
      throw new IllegalArgumentException("entries must be within 1-67108864: " + entries);
    }
    // Capped so that deadline arithmetic (tat - now, tat + interval) cannot overflow.
    this.intervalNanos =
        Math.min(MAX_SPAN_NANOS, Math.max(1L, Math.round(1_000_000_000d / ratePerSecond)));
    this.toleranceNanos =
        burst - 1L > MAX_SPAN_NANOS / intervalNanos ? MAX_SPAN_NANOS : intervalNanos * (burst - 1L);
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.seed = random.nextLong();
    int size = Integer.highestOneBit(Math.max(WAYS, entries) - 1) << 1;
    this.setMask = size / WAYS - 1;
    this.fingerprints = new long[size];
    this.theoreticalArrival = new long[size];
  }

  /** Whether a response may go to {@code source}; counts a denial otherwise. */
  public boolean tryAcquire(InetAddress source) {
    return tryAcquire(source.getAddress());
  }

  /** As {@link #tryAcquire(InetAddress)} for a 4- or 16-byte address; other lengths are denied. */
  public boolean tryAcquire(byte[] source) {
    if (source.length == 4) {
      return tryAcquireIpv4(AddressCanonicalizer.ipv4(source));
    }
    if (source.length == 16) {
      return tryAcquireIpv6(AddressCanonicalizer.hi(source), AddressCanonicalizer.lo(source));
    }
    deniedCount++;
    return false;
  }

  /** As {@link #tryAcquire(InetAddress)} for an IPv4 address as a big-endian int. */
  public boolean tryAcquireIpv4(int source) {
    return tryAcquireKey(mix(seed ^ (source & 0xffff_ffffL)));
  }

  /** As {@link #tryAcquire(InetAddress)} for an IPv6 address; keyed by its /64. */
  public boolean tryAcquireIpv6(long hi, long lo) {
    Form form = AddressCanonicalizer.formOf(hi, lo);
    if (form == Form.IPV4_MAPPED) {
      return tryAcquireIpv4(AddressCanonicalizer.embeddedIpv4(form, hi, lo));
    }
    // Domain-separate from IPv4 keys with a second round.
    return tryAcquireKey(mix(mix(seed ^ hi) + 0x9E37_79B9_7F4A_7C15L));
  }

  private boolean tryAcquireKey(long hash) {
    long fingerprint = hash | 1L;
    int base = ((int) (hash >>> 40) & setMask) * WAYS;
    long now = nanoClock.getAsLong();
    int slot = -1;
    int empty = -1;
    int fullest = base;
    for (int i = base; i < base + WAYS; i++) {
      long f = fingerprints[i];
      if (f == fingerprint) {
        slot = i;
        break;
      }
      if (f == 0) {
        if (empty < 0) {
          empty = i;
        }
      } else if (theoreticalArrival[i] - now < theoreticalArrival[fullest] - now) {
        fullest = i;
      }
    }
    if (slot < 0) {
      if (empty >= 0) {
        slot = empty;
        theoreticalArrival[slot] = now;
        occupied++;
      } else {
        // Inherit the evicted entry's state: no fresh bucket for free.
        slot = fullest;
        evictionCount++;
      }
      fingerprints[slot] = fingerprint;
    }
    long tat = theoreticalArrival[slot];
    if (tat - now < 0) {
      tat = now;
    }
    if (tat - now > toleranceNanos) {
      deniedCount++;
      return false;
    }
    theoreticalArrival[slot] = tat + intervalNanos;
    return true;
  }

  /** Responses refused so far; a counter. */
  public long denied() {
    return deniedCount;
  }

  /** Entries replaced by new sources so far; a counter (high values mean a spoofing flood). */
  public long evictions() {
    return evictionCount;
  }

  /** Sources currently tracked; never above {@link #capacity()}. */
  public int trackedSources() {
    return occupied;
  }

  /** Table size (entries). */
  public int capacity() {
    return fingerprints.length;
  }

  /** A 64-bit finaliser (the MurmurHash3 fmix64 constants), spreading every input bit. */
  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51_afd7_ed55_8ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ce_b9fe_1a85_ec53L;
    return z ^ (z >>> 33);
  }
}

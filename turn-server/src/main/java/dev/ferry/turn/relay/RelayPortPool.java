package dev.ferry.turn.relay;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The server-wide pool of relay ports: hands out each port of the configured range to at most one
 * holder at a time, picked at random (RFC 8656 §6 recommends random choice, so relayed addresses
 * are hard to guess), and tells the caller plainly when none is left so it can answer 508.
 *
 * <p>Acquire and release are O(1): free ports live in an array with a reverse index, and a random
 * index is swapped out. A port that fails to bind is {@linkplain #markUnusable quarantined} for a
 * while rather than handed out again at once, since whatever holds it (another process) usually
 * still does.
 *
 * <p>Thread-safe with one lock: several event loops allocate, but never per packet. The counts for
 * metrics are readable without the lock.
 */
public final class RelayPortPool {

  /** Lowest port of the default range (RFC 8656 §6: SHOULD be 49152-65535). */
  public static final int DEFAULT_MIN_PORT = 49152;

  /** Highest port of the default range. */
  public static final int DEFAULT_MAX_PORT = 65535;

  /** How long a port that failed to bind stays out of circulation by default. */
  public static final Duration DEFAULT_QUARANTINE = Duration.ofSeconds(60);

  private static final byte FREE = 0;
  private static final byte TAKEN = 1;
  private static final byte QUARANTINED = 2;

  /** Random probes before an even-port search falls back to a scan. */
  private static final int RANDOM_PROBES = 32;

  private final int minPort;
  private final int maxPort;
  private final RandomGenerator random;
  private final LongSupplier nanoClock;
  private final long quarantineNanos;

  private final byte[] state;
  private final int[] free;
  private final int[] indexInFree;
  private int freeCount;

  // Quarantine as a ring in deadline order (all quarantines last equally long).
  private final int[] quarantinePorts;
  private final long[] quarantineDeadlines;
  private int quarantineHead;
  private int quarantineSize;

  private volatile int inUseCount;
  private volatile int availableCount;
  private volatile int unusableCount;

  /**
   * A pool over {@code minPort..maxPort} inclusive.
   *
   * @param random picks ports; tests pass a seeded generator
   * @param nanoClock monotonic nanoseconds, like {@link System#nanoTime()}
   * @param quarantine how long a port reported by {@link #markUnusable} stays out
   */
  public RelayPortPool(
      int minPort,
      int maxPort,
      RandomGenerator random,
      LongSupplier nanoClock,
      Duration quarantine) {
    if (minPort < 1 || maxPort > 65535 || minPort > maxPort) {
      throw new IllegalArgumentException(
          "relay port range must lie within 1-65535 with min <= max, got "
              + minPort
              + "-"
              + maxPort);
    }
    this.minPort = minPort;
    this.maxPort = maxPort;
    this.random = Objects.requireNonNull(random, "random");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.quarantineNanos = quarantine.toNanos();
    int size = maxPort - minPort + 1;
    this.state = new byte[size];
    this.free = new int[size];
    this.indexInFree = new int[size];
    for (int i = 0; i < size; i++) {
      free[i] = minPort + i;
      indexInFree[i] = i;
    }
    this.freeCount = size;
    this.quarantinePorts = new int[size];
    this.quarantineDeadlines = new long[size];
    publishCounts();
  }

  /** A pool over the default range 49152-65535 with the default quarantine. */
  public static RelayPortPool withDefaultRange(RandomGenerator random, LongSupplier nanoClock) {
    return new RelayPortPool(
        DEFAULT_MIN_PORT, DEFAULT_MAX_PORT, random, nanoClock, DEFAULT_QUARANTINE);
  }

  /** A random free port, or empty when every port is taken (answer 508). */
  public synchronized OptionalInt acquire() {
    reviveExpiredQuarantine();
    if (freeCount == 0) {
      return OptionalInt.empty();
    }
    int port = free[random.nextInt(freeCount)];
    take(port);
    return OptionalInt.of(port);
  }

  /** A random free even port (EVEN-PORT with R=0), or empty when there is none. */
  public synchronized OptionalInt acquireEven() {
    reviveExpiredQuarantine();
    int port = find(p -> (p & 1) == 0);
    if (port < 0) {
      return OptionalInt.empty();
    }
    take(port);
    return OptionalInt.of(port);
  }

  /**
   * Takes an even port N and N+1 together (EVEN-PORT with R=1); both stay taken until each is
   * {@linkplain #release released}. Empty when no such free pair exists.
   */
  public synchronized Optional<EvenPortPair> acquireEvenPair() {
    reviveExpiredQuarantine();
    int port = find(p -> isFree(p & ~1) && isFree((p & ~1) + 1));
    if (port < 0) {
      return Optional.empty();
    }
    int even = port & ~1;
    take(even);
    take(even + 1);
    return Optional.of(new EvenPortPair(even));
  }

  /**
   * Returns a taken port to the pool.
   *
   * @return false when the port is outside the range or not taken (a double release changes
   *     nothing)
   */
  public synchronized boolean release(int port) {
    if (!inRange(port) || state[port - minPort] != TAKEN) {
      return false;
    }
    putFree(port);
    publishCounts();
    return true;
  }

  /**
   * Reports that a port could not be bound; it leaves circulation for the quarantine period and
   * then returns by itself. The caller may simply {@link #acquire} again.
   *
   * @return false when the port is outside the range or already quarantined
   */
  public synchronized boolean markUnusable(int port) {
    if (!inRange(port)) {
      return false;
    }
    byte s = state[port - minPort];
    if (s == QUARANTINED) {
      return false;
    }
    if (s == FREE) {
      removeFree(port);
    }
    state[port - minPort] = QUARANTINED;
    int tail = (quarantineHead + quarantineSize) % quarantinePorts.length;
    quarantinePorts[tail] = port;
    quarantineDeadlines[tail] = nanoClock.getAsLong() + quarantineNanos;
    quarantineSize++;
    publishCounts();
    return true;
  }

  /** Ports currently held (allocations and reservations); a gauge. */
  public int inUse() {
    return inUseCount;
  }

  /** Ports that can be handed out now; a gauge. */
  public int available() {
    return availableCount;
  }

  /** Ports in quarantine after failing to bind; a gauge. */
  public int unusable() {
    return unusableCount;
  }

  /** Size of the configured range. */
  public int capacity() {
    return maxPort - minPort + 1;
  }

  /** Lowest port of the range. */
  public int minPort() {
    return minPort;
  }

  /** Highest port of the range. */
  public int maxPort() {
    return maxPort;
  }

  private int find(IntPredicate wanted) {
    if (freeCount == 0) {
      return -1;
    }
    for (int i = 0; i < RANDOM_PROBES; i++) {
      int p = free[random.nextInt(freeCount)];
      if (wanted.test(p)) {
        return p;
      }
    }
    // Crowded pool: scan from a random start so an answer is exact and still spread out.
    int start = random.nextInt(freeCount);
    for (int i = 0; i < freeCount; i++) {
      int p = free[(start + i) % freeCount];
      if (wanted.test(p)) {
        return p;
      }
    }
    return -1;
  }

  private boolean isFree(int port) {
    return inRange(port) && state[port - minPort] == FREE;
  }

  private boolean inRange(int port) {
    return port >= minPort && port <= maxPort;
  }

  private void take(int port) {
    removeFree(port);
    state[port - minPort] = TAKEN;
    publishCounts();
  }

  private void removeFree(int port) {
    int index = indexInFree[port - minPort];
    int last = free[--freeCount];
    free[index] = last;
    indexInFree[last - minPort] = index;
    indexInFree[port - minPort] = -1;
  }

  private void putFree(int port) {
    state[port - minPort] = FREE;
    free[freeCount] = port;
    indexInFree[port - minPort] = freeCount;
    freeCount++;
  }

  private void reviveExpiredQuarantine() {
    if (quarantineSize == 0) {
      return;
    }
    long now = nanoClock.getAsLong();
    boolean changed = false;
    while (quarantineSize > 0 && quarantineDeadlines[quarantineHead] - now <= 0) {
      putFree(quarantinePorts[quarantineHead]);
      quarantineHead = (quarantineHead + 1) % quarantinePorts.length;
      quarantineSize--;
      changed = true;
    }
    if (changed) {
      publishCounts();
    }
  }

  private void publishCounts() {
    availableCount = freeCount;
    unusableCount = quarantineSize;
    inUseCount = capacity() - freeCount - quarantineSize;
  }
}

package dev.ferry.turn.relay;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Holds the odd port of an EVEN-PORT R=1 pair behind an 8-byte RESERVATION-TOKEN until a later
 * Allocate claims it or the reservation runs out (RFC 8656 §7.2, §18.10: at least 30 s).
 *
 * <p>Each reservation carries a deadline from the injected clock; nothing runs a timer. Expired
 * reservations are released to the {@link RelayPortPool} by {@link #sweep()} and are never returned
 * by {@link #take}. Thread-safe: the Allocate that claims a token usually runs on another event
 * loop than the one that made it.
 */
public final class ReservationTokens {

  /** RFC 8656 §7.2: the reserved port is held for about 30 seconds. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(30);

  /** A live reservation: the token, the port it holds, the relay address, its deadline. */
  public record Reservation(long token, int port, InetAddress relayAddress, long expiresAtNanos) {}

  private final RelayPortPool pool;
  private final RandomGenerator random;
  private final LongSupplier nanoClock;
  private final long lifetimeNanos;

  // Insertion order = deadline order, because every reservation lives equally long.
  private final LinkedHashMap<Long, Reservation> live = new LinkedHashMap<>();

  /**
   * @param pool where expired ports go back to
   * @param random draws tokens; production passes a {@code SecureRandom} so tokens are unguessable
   * @param nanoClock monotonic nanoseconds
   * @param lifetime how long a reservation lasts
   */
  public ReservationTokens(
      RelayPortPool pool, RandomGenerator random, LongSupplier nanoClock, Duration lifetime) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.random = Objects.requireNonNull(random, "random");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.lifetimeNanos = lifetime.toNanos();
    if (lifetimeNanos <= 0) {
      throw new IllegalArgumentException("reservation lifetime must be positive: " + lifetime);
    }
  }

  /**
   * Puts an already acquired port behind a fresh token; the reservation now owns the port.
   *
   * @return the reservation; its token goes into RESERVATION-TOKEN
   */
  public synchronized Reservation reserve(int port, InetAddress relayAddress) {
    Objects.requireNonNull(relayAddress, "relayAddress");
    long token;
    do {
      token = random.nextLong();
    } while (live.containsKey(token));
    Reservation r =
        new Reservation(token, port, relayAddress, nanoClock.getAsLong() + lifetimeNanos);
    live.put(token, r);
    return r;
  }

  /**
   * Claims a reservation once: on success the caller owns the port (and releases it to the pool
   * when done). Empty for an unknown, already taken or expired token (answer 508).
   */
  public synchronized Optional<Reservation> take(long token) {
    Reservation r = live.remove(token);
    if (r == null) {
      return Optional.empty();
    }
    if (r.expiresAtNanos() - nanoClock.getAsLong() <= 0) {
      pool.release(r.port());
      return Optional.empty();
    }
    return Optional.of(r);
  }

  /**
   * Releases the ports of expired reservations to the pool; the per-loop sweeper calls this once a
   * second.
   *
   * @return how many expired
   */
  public synchronized int sweep() {
    long now = nanoClock.getAsLong();
    int expired = 0;
    Iterator<Map.Entry<Long, Reservation>> it = live.entrySet().iterator();
    while (it.hasNext()) {
      Reservation r = it.next().getValue();
      if (r.expiresAtNanos() - now > 0) {
        break;
      }
      it.remove();
      pool.release(r.port());
      expired++;
    }
    return expired;
  }

  /** Reservations not yet taken or swept; a gauge. */
  public synchronized int size() {
    return live.size();
  }
}

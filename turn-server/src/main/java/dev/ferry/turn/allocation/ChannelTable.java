package dev.ferry.turn.allocation;

import dev.ferry.stun.channel.ChannelNumbers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The channel bindings of one allocation, indexed both by channel number (client to peer) and by
 * peer transport address (peer to client), both probed without allocating (RFC 8656 §12).
 *
 * <p>After a binding expires it stays in both indexes, inactive, for the quarantine period: RFC
 * 8656 §12 has the client wait 5 minutes before re-pairing the number or the peer, and enforcing
 * that here means a late ChannelData for the old pairing can never reach a new peer. Binding the
 * same pair again during quarantine is allowed. Only active bindings count against the cap;
 * quarantined ones are bounded by how many can expire within one quarantine period, and in any case
 * by the channel-number space.
 *
 * <p>Installing the peer's permission is the caller's job ({@link Allocation#bindChannel} does it).
 */
public final class ChannelTable {
  /** Lowest channel number: {@link ChannelNumbers#MIN}. */
  public static final int MIN_CHANNEL = ChannelNumbers.MIN;

  /**
   * Highest channel number: {@link ChannelNumbers#MAX}, RFC 5766's 0x7FFE, a superset of RFC 8656's
   * 0x4000-0x4FFF (see {@link ChannelNumbers} for why).
   */
  public static final int MAX_CHANNEL = ChannelNumbers.MAX;

  private final long lifetimeSeconds;
  private final long quarantineNanos;
  private final int capacity;

  /** Bindings by number, for client-to-peer ChannelData. */
  private final ChannelNumberIndex numbers = new ChannelNumberIndex();

  private final AddressMap<ChannelBinding> byPeer = new AddressMap<>();

  /**
   * @param lifetimeSeconds binding lifetime (600 per RFC 8656 §12)
   * @param quarantineSeconds how long an expired pairing blocks re-pairing (300 per §12)
   * @param capacity most active bindings at once
   */
  public ChannelTable(long lifetimeSeconds, long quarantineSeconds, int capacity) {
    this.lifetimeSeconds = lifetimeSeconds;
    this.quarantineNanos = TimeUnit.SECONDS.toNanos(quarantineSeconds);
    this.capacity = capacity;
  }

  /**
   * Whether {@code number} is a channel number the server binds: {@link ChannelNumbers#isValid}.
   */
  public static boolean isValidNumber(int number) {
    return ChannelNumbers.isValid(number);
  }

  /** What {@link #bind} would answer, without changing anything. */
  public ChannelBindResult check(int number, TransportAddress peer, long now) {
    if (!isValidNumber(number)) {
      return ChannelBindResult.INVALID_CHANNEL_NUMBER;
    }
    ChannelBinding atNumber = liveOrNull(slot(number), now);
    ChannelBinding atPeer = liveOrNull(byPeer.get(peer), now);
    if (atNumber != null && !atNumber.peer().equals(peer)) {
      return ChannelBindResult.NUMBER_BOUND_TO_OTHER_PEER;
    }
    if (atPeer != null && atPeer.number() != number) {
      return ChannelBindResult.PEER_BOUND_TO_OTHER_NUMBER;
    }
    if (atNumber != null && atNumber.isActive(now)) {
      return ChannelBindResult.REFRESHED;
    }
    return hasRoom(now) ? ChannelBindResult.BOUND : ChannelBindResult.CAPACITY;
  }

  /**
   * Creates or refreshes the binding (RFC 8656 §12.2). Rebinding the same pair resets the lifetime;
   * any other overlap with a bound or quarantined number or peer is refused.
   */
  public ChannelBindResult bind(int number, TransportAddress peer, long now) {
    ChannelBindResult result = check(number, peer, now);
    if (!result.isSuccess()) {
      return result;
    }
    removeIfDead(slot(number), now);
    removeIfDead(byPeer.get(peer), now);
    long deadline = Deadlines.after(now, lifetimeSeconds);
    ChannelBinding existing = slot(number);
    if (existing != null) {
      existing.expiresAtNanos = deadline;
      existing.expiryCounted = false;
      return result;
    }
    ChannelBinding created = new ChannelBinding(number, peer, deadline);
    numbers.put(created);
    byPeer.put(peer, created);
    return result;
  }

  /** The active binding for a channel number (client to peer), or null; allocation-free. */
  public ChannelBinding byNumber(int number, long now) {
    if (!isValidNumber(number)) {
      return null;
    }
    ChannelBinding b = slot(number);
    return b != null && b.isActive(now) ? b : null;
  }

  /** The active binding for an IPv4 peer (peer to client), or null; allocation-free. */
  public ChannelBinding byPeerIpv4(int address, int port, long now) {
    return activeOrNull(byPeer.get(false, 0, address & 0xFFFF_FFFFL, port), now);
  }

  /** The active binding for an IPv6 peer (peer to client), or null; allocation-free. */
  public ChannelBinding byPeerIpv6(long high, long low, int port, long now) {
    return activeOrNull(byPeer.get(true, high, low, port), now);
  }

  /** The active binding for {@code peer}, or null; allocation-free. */
  public ChannelBinding byPeer(TransportAddress peer, long now) {
    return activeOrNull(byPeer.get(peer), now);
  }

  /** Bindings held, active or quarantined, until the sweeper reaps them. */
  public int size() {
    return byPeer.size();
  }

  /** Bindings that relay at {@code now}. */
  public int activeCount(long now) {
    int[] count = {0};
    byPeer.forEachValue(
        b -> {
          if (b.isActive(now)) {
            count[0]++;
          }
        });
    return count[0];
  }

  /** Visits every held binding, active or quarantined, for admin snapshots and tests. */
  public void forEach(Consumer<ChannelBinding> action) {
    byPeer.forEachValue(action);
  }

  /**
   * Reaps bindings whose quarantine is over and returns how many bindings expired since the last
   * sweep (each expiry is counted once, for metrics).
   */
  public int sweep(long now) {
    // Runs every second for every allocation: an index loop, and a list only when one is dead.
    List<ChannelBinding> dead = null;
    int expired = 0;
    for (int i = 0; i < byPeer.slotCount(); i++) {
      ChannelBinding b = byPeer.valueAt(i);
      if (b == null) {
        continue;
      }
      if (!b.isActive(now) && !b.expiryCounted) {
        b.expiryCounted = true;
        expired++;
      }
      if (isDead(b, now)) {
        if (dead == null) {
          dead = new ArrayList<>();
        }
        dead.add(b);
      }
    }
    if (dead != null) {
      for (ChannelBinding b : dead) {
        remove(b);
      }
    }
    return expired;
  }

  void clear() {
    numbers.clear();
    byPeer.clear();
  }

  private boolean hasRoom(long now) {
    return byPeer.size() < capacity || activeCount(now) < capacity;
  }

  private boolean isDead(ChannelBinding b, long now) {
    return !Deadlines.isPending(b.expiresAtNanos + quarantineNanos, now);
  }

  private ChannelBinding liveOrNull(ChannelBinding b, long now) {
    return b == null || isDead(b, now) ? null : b;
  }

  private static ChannelBinding activeOrNull(ChannelBinding b, long now) {
    return b != null && b.isActive(now) ? b : null;
  }

  private void removeIfDead(ChannelBinding b, long now) {
    if (b != null && isDead(b, now)) {
      remove(b);
    }
  }

  private void remove(ChannelBinding b) {
    numbers.remove(b);
    if (byPeer.get(b.peer()) == b) {
      byPeer.remove(b.peer());
    }
  }

  private ChannelBinding slot(int number) {
    return numbers.get(number);
  }

  /** Checks that both indexes hold exactly the same bindings; for tests and assertions. */
  boolean indexesConsistent() {
    boolean[] ok = {true};
    numbers.forEach(b -> ok[0] &= byPeer.get(b.peer()) == b);
    byPeer.forEachValue(b -> ok[0] &= slot(b.number()) == b);
    return ok[0] && numbers.size() == byPeer.size();
  }
}

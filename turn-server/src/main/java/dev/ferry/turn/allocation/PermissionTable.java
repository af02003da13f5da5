package dev.ferry.turn.allocation;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The permissions of one allocation, keyed by peer IP only (RFC 8656 §9: "only addresses are
 * compared and port numbers are not considered"). Only CreatePermission and ChannelBind install or
 * refresh an entry; lookups never do, so Send indications and ChannelData cannot keep a permission
 * alive (§11.2, §12.6).
 */
public final class PermissionTable {
  private final long lifetimeSeconds;
  private final int capacity;
  private final AddressMap<Permission> byIp = new AddressMap<>();

  /** One installed permission; mutable so that a refresh is a field write. */
  private static final class Permission {
    final TransportAddress ip;
    long expiresAtNanos;

    Permission(TransportAddress ip, long expiresAtNanos) {
      this.ip = ip;
      this.expiresAtNanos = expiresAtNanos;
    }
  }

  /**
   * @param lifetimeSeconds RFC 8656 §9 fixes this at 300
   * @param capacity most permissions this allocation may hold at once
   */
  public PermissionTable(long lifetimeSeconds, int capacity) {
    this.lifetimeSeconds = lifetimeSeconds;
    this.capacity = capacity;
  }

  /** Installs or refreshes the permission for {@code peer}'s IP; the port is ignored. */
  public PermissionResult installOrRefresh(TransportAddress peer, long now) {
    TransportAddress ip = peer.withPort(0);
    Permission existing = byIp.get(ip);
    if (existing != null) {
      boolean live = Deadlines.isPending(existing.expiresAtNanos, now);
      existing.expiresAtNanos = Deadlines.after(now, lifetimeSeconds);
      return live ? PermissionResult.REFRESHED : PermissionResult.INSTALLED;
    }
    if (!hasRoomFor(now)) {
      return PermissionResult.CAPACITY;
    }
    byIp.put(ip, new Permission(ip, Deadlines.after(now, lifetimeSeconds)));
    return PermissionResult.INSTALLED;
  }

  /** Whether {@link #installOrRefresh} would succeed; lets ChannelBind check before it commits. */
  public boolean canInstall(TransportAddress peer, long now) {
    return byIp.get(peer.withPort(0)) != null || hasRoomFor(now);
  }

  /** Hot path for IPv4 peers: no allocation, no refresh. */
  public boolean isPermittedIpv4(int address, long now) {
    Permission p = byIp.get(false, 0, address & 0xFFFF_FFFFL, 0);
    return p != null && Deadlines.isPending(p.expiresAtNanos, now);
  }

  /** Hot path for IPv6 peers: no allocation, no refresh. */
  public boolean isPermittedIpv6(long high, long low, long now) {
    Permission p = byIp.get(true, high, low, 0);
    return p != null && Deadlines.isPending(p.expiresAtNanos, now);
  }

  /** Checks {@code peer}'s IP, ignoring its port; allocation-free. */
  public boolean isPermitted(TransportAddress peer, long now) {
    Permission p = byIp.get(peer.family() == AddressFamily.IPV6, peer.high(), peer.low(), 0);
    return p != null && Deadlines.isPending(p.expiresAtNanos, now);
  }

  /** Deadline of the permission for {@code peer}'s IP, for admin views and tests. */
  public OptionalLong expiresAtNanos(TransportAddress peer) {
    Permission p = byIp.get(peer.withPort(0));
    return p == null ? OptionalLong.empty() : OptionalLong.of(p.expiresAtNanos);
  }

  /** Entries held, including expired ones the sweeper has not reaped yet. */
  public int size() {
    return byIp.size();
  }

  /** Live permissions' IPs (port 0), for admin snapshots. */
  public List<TransportAddress> livePeers(long now) {
    List<TransportAddress> out = new ArrayList<>();
    byIp.forEachValue(
        p -> {
          if (Deadlines.isPending(p.expiresAtNanos, now)) {
            out.add(p.ip);
          }
        });
    return out;
  }

  /**
   * Removes expired permissions and returns how many went. Runs every second for every allocation,
   * so it allocates nothing unless something expired.
   */
  public int sweep(long now) {
    List<TransportAddress> expired = null;
    for (int i = 0; i < byIp.slotCount(); i++) {
      Permission p = byIp.valueAt(i);
      if (p != null && !Deadlines.isPending(p.expiresAtNanos, now)) {
        if (expired == null) {
          expired = new ArrayList<>();
        }
        expired.add(p.ip);
      }
    }
    if (expired == null) {
      return 0;
    }
    for (TransportAddress ip : expired) {
      byIp.remove(ip);
    }
    return expired.size();
  }

  void clear() {
    byIp.clear();
  }

  private boolean hasRoomFor(long now) {
    if (byIp.size() < capacity) {
      return true;
    }
    // At the cap: expired entries may still be waiting for the sweeper, so reap them first.
    return sweep(now) > 0;
  }
}

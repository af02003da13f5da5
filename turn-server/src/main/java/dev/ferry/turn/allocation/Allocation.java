package dev.ferry.turn.allocation;

/**
 * One TURN allocation (RFC 8656 §6): who owns it, where it relays, until when, and its permissions
 * and channels. Confined to one event loop, so nothing here is synchronised and the traffic
 * counters are plain fields.
 *
 * @param <R> the relay handle the dispatch layer supplies
 */
public final class Allocation<R extends RelayEndpoint> {
  private final FiveTuple fiveTuple;
  private final String username;
  private final String realm;
  private final TransactionId createdBy;
  private final R relay;
  private final TransportAddress relayedAddress;
  private final boolean dontFragment;
  private final long createdAtNanos;
  private final PermissionTable permissions;
  private final ChannelTable channels;
  private long expiresAtNanos;
  private boolean released;

  private long packetsToPeer;
  private long bytesToPeer;
  private long packetsToClient;
  private long bytesToClient;

  Allocation(
      AllocationSpec spec, R relay, AllocationLimits limits, long lifetimeSeconds, long now) {
    this.fiveTuple = spec.fiveTuple();
    this.username = spec.username();
    this.realm = spec.realm();
    this.createdBy = spec.transactionId();
    this.relayedAddress = spec.relayedAddress();
    this.dontFragment = spec.dontFragment();
    this.relay = relay;
    this.createdAtNanos = now;
    this.expiresAtNanos = Deadlines.after(now, lifetimeSeconds);
    LifetimePolicy lifetimes = limits.lifetimes();
    this.permissions =
        new PermissionTable(lifetimes.permissionSeconds(), limits.maxPermissionsPerAllocation());
    this.channels =
        new ChannelTable(
            lifetimes.channelSeconds(),
            lifetimes.channelQuarantineSeconds(),
            limits.maxChannelsPerAllocation());
  }

  public FiveTuple fiveTuple() {
    return fiveTuple;
  }

  /** The username that created the allocation; later requests must match it (RFC 8656 §5). */
  public String username() {
    return username;
  }

  public String realm() {
    return realm;
  }

  /** The Allocate transaction that created this allocation (RFC 8656 §7.2 note). */
  public TransactionId createdBy() {
    return createdBy;
  }

  /** Whether {@code id} is a retransmission of the creating Allocate. */
  public boolean isCreatedBy(TransactionId id) {
    return createdBy.equals(id);
  }

  public R relay() {
    return relay;
  }

  public TransportAddress relayedAddress() {
    return relayedAddress;
  }

  public AddressFamily family() {
    return relayedAddress.family();
  }

  /** Whether the client asked for DF on relayed datagrams (RFC 8656 §7.2 step 4, §14). */
  public boolean dontFragment() {
    return dontFragment;
  }

  public long createdAtNanos() {
    return createdAtNanos;
  }

  public long expiresAtNanos() {
    return expiresAtNanos;
  }

  /** Whether the allocation still exists at {@code now}; the relay path checks this lazily. */
  public boolean isLive(long now) {
    return !released && Deadlines.isPending(expiresAtNanos, now);
  }

  /** Seconds left, for the LIFETIME of a (retransmitted) response (RFC 8656 §7.2 note). */
  public long remainingSeconds(long now) {
    return Deadlines.remainingSeconds(expiresAtNanos, now);
  }

  /** Whether the table has released this allocation (deleted, expired or closed). */
  public boolean isReleased() {
    return released;
  }

  public PermissionTable permissions() {
    return permissions;
  }

  public ChannelTable channels() {
    return channels;
  }

  /** CreatePermission for one peer (RFC 8656 §10.2); policy checks (403) happen before. */
  public PermissionResult createPermission(TransportAddress peer, long now) {
    if (peer.family() != family()) {
      return PermissionResult.PEER_ADDRESS_FAMILY_MISMATCH;
    }
    return permissions.installOrRefresh(peer, now);
  }

  /**
   * ChannelBind (RFC 8656 §12.2): binds or refreshes the channel and installs or refreshes the
   * peer's permission, all or nothing. Policy checks (403) happen before.
   */
  public ChannelBindResult bindChannel(int number, TransportAddress peer, long now) {
    if (!ChannelTable.isValidNumber(number)) {
      return ChannelBindResult.INVALID_CHANNEL_NUMBER;
    }
    if (peer.family() != family()) {
      return ChannelBindResult.PEER_ADDRESS_FAMILY_MISMATCH;
    }
    ChannelBindResult check = channels.check(number, peer, now);
    if (!check.isSuccess()) {
      return check;
    }
    if (!permissions.canInstall(peer, now)) {
      return ChannelBindResult.PERMISSION_CAPACITY;
    }
    ChannelBindResult result = channels.bind(number, peer, now);
    permissions.installOrRefresh(peer, now);
    return result;
  }

  /** Counts a datagram relayed from the client to a peer. */
  public void recordToPeer(int bytes) {
    packetsToPeer++;
    bytesToPeer += bytes;
  }

  /** Counts a datagram relayed from a peer to the client. */
  public void recordToClient(int bytes) {
    packetsToClient++;
    bytesToClient += bytes;
  }

  public long packetsToPeer() {
    return packetsToPeer;
  }

  public long bytesToPeer() {
    return bytesToPeer;
  }

  public long packetsToClient() {
    return packetsToClient;
  }

  public long bytesToClient() {
    return bytesToClient;
  }

  void refresh(long lifetimeSeconds, long now) {
    expiresAtNanos = Deadlines.after(now, lifetimeSeconds);
  }

  /** Marks the allocation released and drops its state; the table closes the relay. */
  void markReleased() {
    released = true;
    permissions.clear();
    channels.clear();
  }

  @Override
  public String toString() {
    return "Allocation(" + username + ", " + fiveTuple + ", relayed " + relayedAddress + ")";
  }
}

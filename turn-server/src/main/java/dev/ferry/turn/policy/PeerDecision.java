package dev.ferry.turn.policy;

/**
 * The peer policy's verdict on one address: allowed or not, and a reason from a small fixed set so
 * it can label a metric without growing its cardinality. Instances are shared; checks allocate
 * nothing.
 */
public final class PeerDecision {

  /** Why a peer was allowed or denied; bounded, safe as a metric label. */
  public enum Reason {
    /** Globally routable and in no deny list. */
    PUBLIC(true),
    /**
     * Would be denied by default but the operator's allow list (or allow-loopback-peers) opens it.
     */
    ALLOWED_BY_CONFIG(true),
    /** Not a 4- or 16-byte address. */
    INVALID_ADDRESS(false),
    /** 0.0.0.0/8 or ::. */
    UNSPECIFIED(false),
    /** 127.0.0.0/8 or ::1. */
    LOOPBACK(false),
    /** RFC 1918: 10/8, 172.16/12, 192.168/16. */
    PRIVATE(false),
    /** Carrier-grade NAT shared space 100.64.0.0/10 (RFC 6598). */
    CGNAT(false),
    /** 169.254.0.0/16 or fe80::/10. */
    LINK_LOCAL(false),
    /** 224.0.0.0/4 or ff00::/8. */
    MULTICAST(false),
    /** 255.255.255.255. */
    BROADCAST(false),
    /**
     * 240.0.0.0/4 (future use), 100::/64 (discard-only, RFC 6666) and IPv6 outside 2000::/3 and
     * ::/8 (unassigned).
     */
    RESERVED(false),
    /** IPv6 unique local addresses fc00::/7 (RFC 4193). */
    UNIQUE_LOCAL(false),
    /** Deprecated IPv6 site-local fec0::/10 (RFC 3879). */
    SITE_LOCAL(false),
    /** 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32, 3fff::/20. */
    DOCUMENTATION(false),
    /** 198.18.0.0/15 and 2001:2::/48. */
    BENCHMARKING(false),
    /** IETF protocol assignments 192.0.0.0/24 (RFC 6890). */
    PROTOCOL_ASSIGNMENTS(false),
    /**
     * A tunnel address, 6to4 2002::/16 or Teredo 2001::/32: RFC 8656 §21.4 forbids relaying to them
     * (tunnel amplification).
     */
    TUNNELED(false),
    /** One of this server's own listen, relay or admin addresses. */
    SERVER_OWN(false),
    /** In the operator's deny list. */
    DENIED_BY_CONFIG(false);

    private final boolean allows;

    Reason(boolean allows) {
      this.allows = allows;
    }

    /** Whether this reason lets the peer through. */
    public boolean allows() {
      return allows;
    }
  }

  private static final PeerDecision[] BY_REASON = new PeerDecision[Reason.values().length];

  static {
    for (Reason r : Reason.values()) {
      BY_REASON[r.ordinal()] = new PeerDecision(r);
    }
  }

  private final Reason reason;

  private PeerDecision(Reason reason) {
    this.reason = reason;
  }

  /** The shared decision for {@code reason}. */
  public static PeerDecision of(Reason reason) {
    return BY_REASON[reason.ordinal()];
  }

  /** Whether the relay may talk to the peer. */
  public boolean allowed() {
    return reason.allows;
  }

  /** Why. */
  public Reason reason() {
    return reason;
  }

  @Override
  public String toString() {
    return (allowed() ? "allowed(" : "denied(") + reason + ")";
  }
}

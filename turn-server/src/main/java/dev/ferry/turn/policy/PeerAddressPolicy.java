package dev.ferry.turn.policy;

import dev.ferry.turn.policy.AddressCanonicalizer.Form;
import dev.ferry.turn.policy.PeerDecision.Reason;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Decides whether the relay may send to (or accept from) a peer IP, so that a TURN client cannot
 * use the server to reach its loopback, private networks or itself (RFC 8656 §21.2.2, §21.3, §21.4;
 * DESIGN §6).
 *
 * <p>Order of evaluation:
 *
 * <ol>
 *   <li>Canonicalise: IPv4-mapped, IPv4-compatible and IPv4-translated IPv6 addresses are judged as
 *       the IPv4 address they spell. NAT64 (64:ff9b::/96, 64:ff9b:1::/48), 6to4 (2002::/16) and
 *       Teredo (2001::/32) addresses are judged both as themselves and as each IPv4 address they
 *       carry (Teredo: server and client); every one of them must pass. 6to4 and Teredo are denied
 *       by default anyway (RFC 8656 §21.4: MUST NOT relay to tunnel addresses); an operator who
 *       allows 2002::/16 or 2001::/32 still gets the embedded-address check.
 *   <li>Each address is judged: an explicit deny ({@code denied-peer-ip}, or multicast under {@code
 *       no-multicast-peers}) wins; then an explicit allow ({@code allowed-peer-ip}, or 127/8 and
 *       ::1 under {@code allow-loopback-peers}) wins over the default deny list; then the default
 *       deny list (special-purpose ranges and the server's own addresses); anything else is public.
 * </ol>
 *
 * <p>Consequence worth knowing: allowing {@code 64:ff9b::/96} does not open {@code
 * 64:ff9b::7f00:1}; allow the embedded IPv4 range instead (which opens it in every spelling).
 * Likewise an IPv6 list entry never matches an IPv4(-mapped) peer, and {@code ::/0} does not cover
 * IPv4.
 *
 * <p>Immutable and thread-safe; {@link #check(byte[])} allocates nothing.
 */
public final class PeerAddressPolicy {

  private static final List<Rule> DEFAULT_DENY =
      List.of(
          rule("0.0.0.0/8", Reason.UNSPECIFIED),
          rule("::", Reason.UNSPECIFIED),
          rule("127.0.0.0/8", Reason.LOOPBACK),
          rule("::1", Reason.LOOPBACK),
          rule("10.0.0.0/8", Reason.PRIVATE),
          rule("172.16.0.0/12", Reason.PRIVATE),
          rule("192.168.0.0/16", Reason.PRIVATE),
          rule("100.64.0.0/10", Reason.CGNAT),
          rule("169.254.0.0/16", Reason.LINK_LOCAL),
          rule("fe80::/10", Reason.LINK_LOCAL),
          rule("224.0.0.0/4", Reason.MULTICAST),
          rule("ff00::/8", Reason.MULTICAST),
          // Before 240/4, which contains it, so that the reason is the precise one.
          rule("255.255.255.255", Reason.BROADCAST),
          rule("240.0.0.0/4", Reason.RESERVED),
          rule("100::/64", Reason.RESERVED),
          rule("fc00::/7", Reason.UNIQUE_LOCAL),
          rule("fec0::/10", Reason.SITE_LOCAL),
          rule("192.0.2.0/24", Reason.DOCUMENTATION),
          rule("198.51.100.0/24", Reason.DOCUMENTATION),
          rule("203.0.113.0/24", Reason.DOCUMENTATION),
          rule("2001:db8::/32", Reason.DOCUMENTATION),
          rule("3fff::/20", Reason.DOCUMENTATION),
          rule("198.18.0.0/15", Reason.BENCHMARKING),
          rule("2001:2::/48", Reason.BENCHMARKING),
          rule("192.0.0.0/24", Reason.PROTOCOL_ASSIGNMENTS),
          // RFC 8656 §21.4: MUST NOT relay to 6to4 or Teredo (tunnel amplification).
          rule("2002::/16", Reason.TUNNELED),
          rule("2001::/32", Reason.TUNNELED),
          // IPv6 outside 2000::/3 is unassigned (RFC 4291 §2.4) apart from the special ranges
          // above; ::/8 is left out because it holds the NAT64 prefixes and embedded forms.
          rule("100::-1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", Reason.RESERVED),
          rule("4000::/2", Reason.RESERVED),
          rule("8000::/1", Reason.RESERVED));

  private static final AddressRange LOOPBACK_V4 = AddressRange.parse("127.0.0.0/8");
  private static final AddressRange LOOPBACK_V6 = AddressRange.parse("::1");
  private static final AddressRangeList MULTICAST =
      AddressRangeList.of(
          List.of(AddressRange.parse("224.0.0.0/4"), AddressRange.parse("ff00::/8")));

  private final AddressRange[] defaultRanges;
  private final Reason[] defaultReasons;
  private final AddressRangeList allowed;
  private final AddressRangeList denied;
  private final boolean noMulticastPeers;
  private final boolean allowLoopbackPeers;
  private final AddressRangeList serverOwn;

  private PeerAddressPolicy(Builder b) {
    this.defaultRanges = new AddressRange[DEFAULT_DENY.size()];
    this.defaultReasons = new Reason[DEFAULT_DENY.size()];
    for (int i = 0; i < DEFAULT_DENY.size(); i++) {
      defaultRanges[i] = DEFAULT_DENY.get(i).range;
      defaultReasons[i] = DEFAULT_DENY.get(i).reason;
    }
    this.allowLoopbackPeers = b.allowLoopbackPeers;
    this.allowed =
        b.allowLoopbackPeers ? b.allowed.with(List.of(LOOPBACK_V4, LOOPBACK_V6)) : b.allowed;
    this.noMulticastPeers = b.noMulticastPeers;
    this.denied = b.denied;
    this.serverOwn = AddressRangeList.of(b.serverOwn);
  }

  /** A policy builder starting from the defaults (no lists, no flags, no server addresses). */
  public static Builder builder() {
    return new Builder();
  }

  /** Judges a 4- or 16-byte address; any other length is {@link Reason#INVALID_ADDRESS}. */
  public PeerDecision check(byte[] address) {
    if (address == null) {
      return PeerDecision.of(Reason.INVALID_ADDRESS);
    }
    if (address.length == 4) {
      return PeerDecision.of(judgeIpv4(AddressCanonicalizer.ipv4(address)));
    }
    if (address.length == 16) {
      return checkIpv6(AddressCanonicalizer.hi(address), AddressCanonicalizer.lo(address));
    }
    return PeerDecision.of(Reason.INVALID_ADDRESS);
  }

  /** Judges an address ({@link InetAddress#getAddress()} copies it; that is the only cost). */
  public PeerDecision check(InetAddress address) {
    return check(address == null ? null : address.getAddress());
  }

  /** Judges an IPv4 address given as a big-endian int. */
  public PeerDecision checkIpv4(int address) {
    return PeerDecision.of(judgeIpv4(address));
  }

  /** Judges an IPv6 address given as two big-endian longs. */
  public PeerDecision checkIpv6(long hi, long lo) {
    Form form = AddressCanonicalizer.formOf(hi, lo);
    if (form.isIpv4Alias()) {
      return PeerDecision.of(judgeIpv4(AddressCanonicalizer.embeddedIpv4(form, hi, lo)));
    }
    Reason own = judgeIpv6(hi, lo);
    if (form == Form.PLAIN) {
      return PeerDecision.of(own);
    }
    Reason embedded = judgeIpv4(AddressCanonicalizer.embeddedIpv4(form, hi, lo));
    if (form == Form.TEREDO) {
      embedded = worse(embedded, judgeIpv4(AddressCanonicalizer.teredoClientIpv4(lo)));
    }
    // The embedded verdict comes first: "loopback via 6to4" says more than "tunnelled".
    return PeerDecision.of(worse(embedded, own));
  }

  /** Whether {@code allow-loopback-peers} is on. */
  public boolean allowsLoopbackPeers() {
    return allowLoopbackPeers;
  }

  private Reason judgeIpv4(int a) {
    if (denied.containsIpv4(a)) {
      return Reason.DENIED_BY_CONFIG;
    }
    if (noMulticastPeers && MULTICAST.containsIpv4(a)) {
      return Reason.MULTICAST;
    }
    if (allowed.containsIpv4(a)) {
      return Reason.ALLOWED_BY_CONFIG;
    }
    for (int i = 0; i < defaultRanges.length; i++) {
      if (defaultRanges[i].containsIpv4(a)) {
        return defaultReasons[i];
      }
    }
    return serverOwn.containsIpv4(a) ? Reason.SERVER_OWN : Reason.PUBLIC;
  }

  private Reason judgeIpv6(long hi, long lo) {
    if (denied.containsIpv6(hi, lo)) {
      return Reason.DENIED_BY_CONFIG;
    }
    if (noMulticastPeers && MULTICAST.containsIpv6(hi, lo)) {
      return Reason.MULTICAST;
    }
    if (allowed.containsIpv6(hi, lo)) {
      return Reason.ALLOWED_BY_CONFIG;
    }
    for (int i = 0; i < defaultRanges.length; i++) {
      if (defaultRanges[i].containsIpv6(hi, lo)) {
        return defaultReasons[i];
      }
    }
    return serverOwn.containsIpv6(hi, lo) ? Reason.SERVER_OWN : Reason.PUBLIC;
  }

  /**
   * Combines two verdicts on one peer: any denial beats any allowance, an operator's denial beats a
   * default one, between default denials the first stands, and an allowance that needed the allow
   * list is reported as such.
   */
  private static Reason worse(Reason first, Reason second) {
    if (first == Reason.DENIED_BY_CONFIG || second == Reason.DENIED_BY_CONFIG) {
      return Reason.DENIED_BY_CONFIG;
    }
    if (!first.allows()) {
      return first;
    }
    if (!second.allows()) {
      return second;
    }
    return first == Reason.ALLOWED_BY_CONFIG ? first : second;
  }

  private static Rule rule(String range, Reason reason) {
    return new Rule(AddressRange.parse(range), reason);
  }

  private static final class Rule {
    final AddressRange range;
    final Reason reason;

    Rule(AddressRange range, Reason reason) {
      this.range = range;
      this.reason = reason;
    }
  }

  /** Collects the operator's settings; {@link #build()} makes the immutable policy. */
  public static final class Builder {
    private AddressRangeList allowed = AddressRangeList.empty();
    private AddressRangeList denied = AddressRangeList.empty();
    private boolean allowLoopbackPeers;
    private boolean noMulticastPeers;
    private final List<AddressRange> serverOwn = new ArrayList<>();

    private Builder() {}

    /** {@code allowed-peer-ip}: opens ranges the default list would deny. */
    public Builder allowed(AddressRangeList ranges) {
      this.allowed = Objects.requireNonNull(ranges, "ranges");
      return this;
    }

    /**
     * {@code allowed-peer-ip} as coturn-style entries.
     *
     * @throws AddressEntryException for the first unreadable entry
     */
    public Builder allowed(Collection<String> entries) {
      return allowed(AddressRangeList.parse(entries));
    }

    /** {@code denied-peer-ip}: closes ranges, whatever else says. */
    public Builder denied(AddressRangeList ranges) {
      this.denied = Objects.requireNonNull(ranges, "ranges");
      return this;
    }

    /**
     * {@code denied-peer-ip} as coturn-style entries.
     *
     * @throws AddressEntryException for the first unreadable entry
     */
    public Builder denied(Collection<String> entries) {
      return denied(AddressRangeList.parse(entries));
    }

    /** {@code allow-loopback-peers}: opens 127.0.0.0/8 and ::1 (an explicit deny still wins). */
    public Builder allowLoopbackPeers(boolean on) {
      this.allowLoopbackPeers = on;
      return this;
    }

    /**
     * {@code no-multicast-peers}: multicast is denied by default anyway; this turns it into an
     * explicit deny that the allow list cannot reopen.
     */
    public Builder noMulticastPeers(boolean on) {
      this.noMulticastPeers = on;
      return this;
    }

    /**
     * Adds the server's own listen, relay and admin addresses. Pass concrete interface addresses: a
     * wildcard listen address (0.0.0.0, ::) stands for every interface, which the caller has to
     * enumerate.
     */
    public Builder serverAddresses(Collection<? extends InetAddress> addresses) {
      for (InetAddress a : addresses) {
        serverOwn.add(AddressRange.single(a.getAddress()));
      }
      return this;
    }

    /** The immutable policy. */
    public PeerAddressPolicy build() {
      return new PeerAddressPolicy(this);
    }
  }
}

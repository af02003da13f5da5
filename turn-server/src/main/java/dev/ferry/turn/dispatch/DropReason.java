package dev.ferry.turn.dispatch;

/** Why a received message was discarded without an answer; a bounded metric label set. */
public enum DropReason {
  /** Failed the STUN header checks: top bits, too short, unknown structure (RFC 8489 §6.3). */
  NOT_STUN("not_stun"),
  /** Header length disagrees with the bytes received or is not a multiple of 4 (§6.3). */
  BAD_LENGTH("bad_length"),
  /** FINGERPRINT present but wrong (§6.3, §14.7). */
  BAD_FINGERPRINT("bad_fingerprint"),
  /** An attribute runs past the end of the message or is otherwise malformed (§14). */
  MALFORMED_ATTRIBUTE("malformed_attribute"),
  /** A success or error response: the server sent no request it waits for (§6.3.3). */
  RESPONSE("response"),
  /** An indication with unknown comprehension-required attributes (§6.3.2). */
  UNKNOWN_ATTRIBUTE_IN_INDICATION("unknown_attribute_indication"),
  /** An indication of a method this server does not (yet) process. */
  UNSUPPORTED_INDICATION("unsupported_indication"),
  /** TURN ChannelData on the STUN port before any channel exists (RFC 8656 §12.4). */
  CHANNEL_DATA("channel_data"),
  /** DTLS, RTP, ZRTP or an unassigned first byte (RFC 7983 §7). */
  OTHER_PROTOCOL("other_protocol"),
  /** A TCP stream that cannot be framed (oversize or garbage); the connection is closed. */
  BAD_FRAME("bad_frame"),
  /** A Send indication or ChannelData from a 5-tuple without an allocation (RFC 8656 §5). */
  NO_ALLOCATION("no_allocation"),
  /** A Send indication without XOR-PEER-ADDRESS or DATA, or of the wrong family (§11.2). */
  BAD_INDICATION("bad_indication"),
  /** Client data for a peer without a permission (§9, §11.2). */
  NO_PERMISSION("no_permission"),
  /** ChannelData shorter than its Length or with a reserved channel number (§12.6). */
  BAD_CHANNEL_DATA("bad_channel_data"),
  /** ChannelData on a channel that is not bound (§12.6). */
  CHANNEL_UNBOUND("channel_unbound"),
  /** An error response to an unauthenticated request over the per-source limit. */
  RATE_LIMITED("rate_limited"),
  /** A retransmitted Allocate whose relay socket is still being set up. */
  IN_PROGRESS("in_progress"),
  /** A datagram longer than the largest one read (udp max datagram size): its tail was lost. */
  TRUNCATED("truncated");

  private final String label;

  DropReason(String label) {
    this.label = label;
  }

  /** The Prometheus label value. */
  public String label() {
    return label;
  }
}

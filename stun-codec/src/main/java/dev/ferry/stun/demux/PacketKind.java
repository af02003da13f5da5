package dev.ferry.stun.demux;

/** What a packet on a TURN server's socket is, judged by its first byte (RFC 7983 §7). */
public enum PacketKind {
  /** First byte 0-3: a STUN message (TURN requests and indications included). */
  STUN,
  /** First byte 16-19: ZRTP. */
  ZRTP,
  /** First byte 20-63: DTLS. */
  DTLS,
  /**
   * First byte 64-127: TURN ChannelData (RFC 5766 §11; RFC 7983 §7 gives it only 64-79, see {@link
   * FirstByteDemux}).
   */
  CHANNEL_DATA,
  /** First byte 128-191: RTP or RTCP. */
  RTP_RTCP,
  /** Any other first byte, or no byte at all: reserved, and the packet MUST be dropped. */
  UNKNOWN
}

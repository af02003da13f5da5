/**
 * Sorting packets on a TURN server's socket by their first byte (RFC 7983 §7, RFC 8656 §12 Table 3,
 * with RFC 5766 §11's wider ChannelData range).
 */
package dev.ferry.stun.demux;

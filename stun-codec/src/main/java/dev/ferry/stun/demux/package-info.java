/** Sorting packets on a shared socket by their first byte (RFC 7983 §7, RFC 8656 §12 Table 3). */
package dev.ferry.stun.demux;

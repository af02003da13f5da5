package dev.ferry.turn.allocation;

/** The client-to-server transport of a 5-tuple (RFC 8656 §2, §3.1). */
public enum Transport {
  UDP,
  TCP,
  TLS,
  DTLS
}

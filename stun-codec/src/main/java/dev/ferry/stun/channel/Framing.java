package dev.ferry.stun.channel;

/**
 * Which transport a ChannelData message travels on, because padding rules differ (RFC 8656 §12.5).
 */
public enum Framing {
  /** UDP or DTLS: one message per datagram, padding to four bytes optional. */
  DATAGRAM,
  /** TCP or TLS: messages follow each other, padding to four bytes required. */
  STREAM
}

/**
 * Cutting a TCP or TLS byte stream into STUN messages and ChannelData frames (RFC 8489 §6.2.2, RFC
 * 8656 §12.5).
 */
package dev.ferry.stun.stream;

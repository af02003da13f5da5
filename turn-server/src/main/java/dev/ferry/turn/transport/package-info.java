/**
 * Sockets and pipelines: native transport choice, UDP and TCP listeners (RFC 8489 §6.2, RFC 8656
 * §5).
 */
package dev.ferry.turn.transport;

/**
 * Relayed transport addresses: the relay-port pool and RESERVATION-TOKEN bookkeeping (RFC 8656 §6,
 * §7.2, §18.10).
 */
package dev.ferry.turn.relay;

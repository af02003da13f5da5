/** From a received message to an outcome value: STUN receive processing (RFC 8489 §6.3). */
package dev.ferry.turn.dispatch;

/**
 * Per-event-loop TURN allocation, permission and channel state with deadlines instead of timers
 * (RFC 8656 §6-§9, §12).
 */
package dev.ferry.turn.allocation;

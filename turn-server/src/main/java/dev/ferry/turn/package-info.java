/** The STUN/TURN server: listeners, dispatch, allocations and the relay (RFC 8656). */
package dev.ferry.turn;

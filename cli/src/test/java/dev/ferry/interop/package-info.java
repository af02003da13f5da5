/**
 * Interop tests that drive a TURN server (coturn or Ferry, started as a real process) with other
 * implementations' clients (RFC 8656 relaying, RFC 8489 long-term and TURN REST credentials).
 */
package dev.ferry.interop;

/**
 * Server configuration: one immutable record with the defaults coturn users expect (RFC 8656 §5).
 */
package dev.ferry.turn.config;

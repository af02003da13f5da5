/**
 * MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256, FINGERPRINT and long-term key derivation (RFC 8489
 * §9.2.2, §14.5-§14.7; RFC 4013 SASLprep; RFC 8265 OpaqueString).
 */
package dev.ferry.stun.integrity;

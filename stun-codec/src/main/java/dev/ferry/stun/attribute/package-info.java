/**
 * Typed readers and writers, one class per STUN/TURN attribute, named as the RFCs name them (RFC
 * 8489 §14, RFC 8656 §18, RFC 6062, RFC 5780, RFC 8016, RFC 7635). Readers report a malformed value
 * as null or a negative number, never by throwing, and never read outside the value.
 */
package dev.ferry.stun.attribute;

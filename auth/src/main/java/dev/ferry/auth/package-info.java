/** Credential stores, long-term key derivation and nonces (RFC 8489 section 9). */
package dev.ferry.auth;

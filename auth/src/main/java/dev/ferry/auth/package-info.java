/**
 * Long-term credentials for STUN and TURN: credential stores, REST API credentials, stateless
 * nonces and request authentication (RFC 8489 §9.2, RFC 8656 §5, draft-uberti-behave-turn-rest-00).
 */
package dev.ferry.auth;

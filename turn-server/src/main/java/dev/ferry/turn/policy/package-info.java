/**
 * Who the relay may talk to and how much it may say to strangers: the peer-address policy
 * (anti-SSRF, RFC 8656 §21.3 and §9) and the amplification guard for unauthenticated responses.
 */
package dev.ferry.turn.policy;

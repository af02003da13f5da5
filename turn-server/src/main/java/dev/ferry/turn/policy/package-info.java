/**
 * Who the relay may talk to and how much it may say to strangers: the peer-address policy
 * (anti-SSRF, RFC 8656 §9 and §21) and the amplification guard for unauthenticated responses.
 */
package dev.ferry.turn.policy;

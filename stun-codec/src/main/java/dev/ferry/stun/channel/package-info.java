/**
 * TURN ChannelData messages: channel numbers, a zero-copy reading view and writers (RFC 8656 §12,
 * RFC 7983 §9.3).
 */
package dev.ferry.stun.channel;

/** STUN and TURN messages as read-only views over Netty buffers (RFC 8489, RFC 8656). */
package dev.ferry.stun;

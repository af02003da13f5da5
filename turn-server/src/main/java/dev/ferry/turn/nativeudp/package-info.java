/**
 * Batched UDP I/O through Ferry's own JNI library (recvmmsg/sendmmsg, UDP GSO) on Netty's epoll
 * loops, so that relaying a datagram allocates nothing on the Java heap (RFC 8656 §11-12 data path;
 * Linux recvmmsg(2), sendmmsg(2), udp(7) UDP_SEGMENT).
 */
package dev.ferry.turn.nativeudp;

package dev.ferry.turn.nativeudp;

import java.net.InetSocketAddress;

/** A copy of one datagram a NativeUdpSocket delivered, taken inside the batch callback. */
record Received(byte[] payload, int length, boolean truncated, InetSocketAddress sender) {}

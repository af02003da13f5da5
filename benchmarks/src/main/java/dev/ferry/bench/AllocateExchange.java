package dev.ferry.bench;

import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.StunWriter;
import dev.ferry.stun.attribute.RequestedTransport;
import dev.ferry.stun.integrity.PasswordAlgorithm;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The messages of a typical authenticated TURN Allocate, shared by the STUN benchmarks so they
 * measure the same bytes: REST-style credentials, an RFC 8489 nonce, MESSAGE-INTEGRITY and
 * FINGERPRINT.
 */
final class AllocateExchange {

  static final String USERNAME = "1767225600:alice";
  static final String REALM = "ferry.example";
  static final String PASSWORD = "nB3sdfG4mI1OqJrxkQ0jvPrsQ9E=";
  static final String NONCE = "obMatJos2AAAAAw7d0nQyLm5vbmNlLXYx";
  static final String SOFTWARE = "Ferry 0.1.0";
  static final long LIFETIME_SECONDS = 600;

  static final byte[] KEY = PasswordAlgorithm.MD5.deriveKey(USERNAME, REALM, PASSWORD);

  static final byte[] TRANSACTION_ID = {
    0x5a, 0x11, 0x3c, (byte) 0xe0, 0x01, 0x7f, 0x22, (byte) 0x90, 0x4d, 0x08, 0x63, (byte) 0xb1
  };

  static final InetSocketAddress CLIENT = address(new byte[] {(byte) 198, 51, 100, 23}, 50123);
  static final InetSocketAddress RELAYED = address(new byte[] {(byte) 203, 0, 113, 5}, 49876);

  /** 2001:db8:100::17 (RFC 3849 documentation prefix), as two 64-bit halves. */
  static final long CLIENT_V6_HIGH = 0x20010DB801000000L;

  static final long CLIENT_V6_LOW = 0x17L;

  /** 2001:db8:200::5. */
  static final long RELAYED_V6_HIGH = 0x20010DB802000000L;

  static final long RELAYED_V6_LOW = 0x5L;

  private AllocateExchange() {}

  /** A UDP Allocate request with USERNAME, REALM, NONCE, MESSAGE-INTEGRITY and FINGERPRINT. */
  static ByteBuf allocateRequest(ByteBufAllocator alloc) {
    ByteBuf out = alloc.directBuffer(256);
    new StunWriter()
        .begin(out, StunMethod.ALLOCATE, MessageClass.REQUEST, TRANSACTION_ID)
        .requestedTransport(RequestedTransport.UDP)
        .username(USERNAME)
        .realm(REALM)
        .nonce(NONCE)
        .messageIntegrity(KEY)
        .fingerprint();
    return out;
  }

  private static InetSocketAddress address(byte[] ip, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByAddress(ip), port);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}

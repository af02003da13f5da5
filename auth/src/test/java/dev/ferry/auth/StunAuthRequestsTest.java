package dev.ferry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.stun.DecodeStatus;
import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.StunWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The integrity check an {@link AuthRequest} carries after its datagram is gone. */
class StunAuthRequestsTest {
  private static final InetSocketAddress CLIENT = new InetSocketAddress("198.51.100.7", 61000);
  private static final byte[] TXID = HexFormat.of().parseHex("78ad3433c6ad72c029da412e");
  private static final byte[] OLD_KEY = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
  private static final byte[] NEW_KEY = HexFormat.of().parseHex("72f86f2053703faa0f521ce71cfe6f59");

  /** A request signed with {@code key}, its datagram overwritten and released once read. */
  private static AuthRequest signedWith(byte[] key) {
    ByteBuf buf = Unpooled.buffer();
    try {
      new StunWriter()
          .begin(buf, StunMethod.ALLOCATE, MessageClass.REQUEST, TXID)
          .username("alice")
          .realm("example.org")
          .nonce("n0nce")
          .messageIntegrity(key)
          .fingerprint();
      StunMessage message = new StunMessage();
      assertThat(message.wrap(buf)).isEqualTo(DecodeStatus.OK);
      AuthRequest request = StunAuthRequests.from(message, CLIENT);
      message.clear();
      buf.setZero(0, buf.capacity());
      return request;
    } finally {
      buf.release();
    }
  }

  @Test
  void verifier_outlivesTheDatagram() {
    assertThat(signedWith(NEW_KEY).verifier().verify(NEW_KEY)).isTrue();
  }

  @Test
  void verifier_afterAWrongKey_acceptsTheRightOneDuringRotation() {
    AuthRequest request = signedWith(NEW_KEY);

    assertThat(request.verifier().verify(OLD_KEY)).isFalse();
    assertThat(request.verifier().verify(NEW_KEY)).isTrue();
    assertThat(request.verifier().verify(NEW_KEY)).isTrue();
  }

  @Test
  void verifiers_ofTwoRequests_interleaveOnOneThread() {
    AuthRequest signedNew = signedWith(NEW_KEY);
    AuthRequest signedOld = signedWith(OLD_KEY);

    assertThat(signedNew.verifier().verify(OLD_KEY)).isFalse();
    assertThat(signedOld.verifier().verify(OLD_KEY)).isTrue();
    assertThat(signedNew.verifier().verify(NEW_KEY)).isTrue();
  }

  @Test
  void verifier_onAnotherThread_checksTheSameBytes() {
    AuthRequest request = signedWith(NEW_KEY);

    assertThat(CompletableFuture.supplyAsync(() -> request.verifier().verify(NEW_KEY)).join())
        .isTrue();
  }
}

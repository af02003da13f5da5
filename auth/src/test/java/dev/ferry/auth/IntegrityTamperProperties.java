package dev.ferry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.stun.DecodeStatus;
import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.StunWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class IntegrityTamperProperties {
  private static final InetSocketAddress CLIENT = new InetSocketAddress("203.0.113.5", 40000);
  // printf '%s' 'alice:example.org:wonderland' | md5sum
  private static final byte[] ALICE_MD5 =
      HexFormat.of().parseHex("72f86f2053703faa0f521ce71cfe6f59");

  private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
  private final RequestAuthenticator authenticator =
      RequestAuthenticator.fromConfig(
          AuthConfig.defaults(new Realm("example.org"))
              .withStaticUsers(
                  StaticUsers.parse(new Realm("example.org"), List.of("alice:wonderland"))),
          Runnable::run,
          clock);
  private final byte[] signed = signedRequest();

  private byte[] signedRequest() {
    ByteBuf buf = Unpooled.buffer();
    try {
      new StunWriter()
          .begin(buf, StunMethod.ALLOCATE, MessageClass.REQUEST, new byte[12])
          .requestedTransport(17)
          .username("alice")
          .realm("example.org")
          .nonce(authenticator.nonces().issue(CLIENT))
          .messageIntegrity(ALICE_MD5);
      return ByteBufUtil.getBytes(buf);
    } finally {
      buf.release();
    }
  }

  private AuthResult authenticate(byte[] bytes) {
    StunMessage message = new StunMessage();
    if (message.wrap(Unpooled.wrappedBuffer(bytes)) != DecodeStatus.OK) {
      return null;
    }
    return authenticator.authenticate(message, CLIENT).toCompletableFuture().join();
  }

  @Example
  void untouchedRequest_isAuthenticated() {
    assertThat(authenticate(signed)).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Property(tries = 400)
  void anySingleBitFlip_isNeverAuthenticated(
      @ForAll @IntRange(min = 0, max = 10_000) int position, @ForAll @IntRange(max = 7) int bit) {
    byte[] tampered = signed.clone();
    tampered[position % tampered.length] ^= (byte) (1 << bit);

    AuthResult result = authenticate(tampered);

    // null: the codec already refused the message, which is just as good.
    assertThat(result instanceof AuthResult.Authenticated).isFalse();
  }
}

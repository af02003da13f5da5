package dev.ferry.stun.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** The hand-built HMAC gives exactly what {@link javax.crypto.Mac} gives, for any key and data. */
class HmacProperties {
  private final Hmac sha1 = new Hmac("SHA-1");
  private final Hmac sha256 = new Hmac("SHA-256");

  private static byte[] jdk(String algorithm, byte[] key, byte[] data) throws Exception {
    Mac mac = Mac.getInstance(algorithm);
    // SecretKeySpec refuses an empty key; HMAC zero-pads keys, so {0} is the same key.
    mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
    return mac.doFinal(data);
  }

  private static byte[] ours(Hmac hmac, byte[] key, byte[] data) {
    byte[] out = new byte[hmac.length()];
    hmac.start(key).update(data, 0, data.length);
    hmac.finish(out, 0);
    return out;
  }

  @Property
  void sha1_matchesJdkMac(@ForAll @Size(max = 150) byte[] key, @ForAll @Size(max = 600) byte[] data)
      throws Exception {
    assertThat(ours(sha1, key, data)).isEqualTo(jdk("HmacSHA1", key, data));
  }

  @Property
  void sha256_matchesJdkMac(
      @ForAll @Size(max = 150) byte[] key, @ForAll @Size(max = 600) byte[] data) throws Exception {
    assertThat(ours(sha256, key, data)).isEqualTo(jdk("HmacSHA256", key, data));
  }

  @Property
  void keyChanges_betweenMessages_eachMatchesJdkMac(
      @ForAll @Size(max = 80) byte[] first,
      @ForAll @Size(max = 80) byte[] second,
      @ForAll @Size(max = 200) byte[] data)
      throws Exception {
    // The padded-key cache must notice a change of key, including one of the same length.
    assertThat(ours(sha1, first, data)).isEqualTo(jdk("HmacSHA1", first, data));
    assertThat(ours(sha1, second, data)).isEqualTo(jdk("HmacSHA1", second, data));
    assertThat(ours(sha1, first, data)).isEqualTo(jdk("HmacSHA1", first, data));
    if (first.length > 0) {
      first[0] ^= 1;
      assertThat(ours(sha1, first, data)).isEqualTo(jdk("HmacSHA1", first, data));
    }
  }

  @Property
  void directBuffer_fedInChunks_matchesJdkMac(
      @ForAll @Size(min = 16, max = 32) byte[] key, @ForAll @Size(max = 1500) byte[] data)
      throws Exception {
    ByteBuffer nio = ByteBuffer.allocateDirect(data.length + 3);
    ByteBuf buf = Unpooled.wrappedBuffer(nio);
    buf.setBytes(3, data);
    Hmac hmac = ThreadScratch.get().hmacSha256(key);
    ThreadScratch.get().update(hmac, buf, 3, data.length);
    byte[] out = new byte[32];
    hmac.finish(out, 0);
    buf.release();
    assertThat(out).isEqualTo(jdk("HmacSHA256", key, data));
  }
}

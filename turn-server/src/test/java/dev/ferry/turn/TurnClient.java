package dev.ferry.turn;

import dev.ferry.stun.DecodeStatus;
import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;
import dev.ferry.stun.attribute.Nonce;
import dev.ferry.stun.attribute.Realm;
import dev.ferry.stun.integrity.PasswordAlgorithm;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A small TURN client built on the codec for tests: long-term credentials (MD5 key, RFC 8489 §9.2),
 * learns REALM and NONCE from a challenge, and writes requests, indications and ChannelData.
 */
public final class TurnClient {
  private final String username;
  private final String password;
  private final Random random;
  private String realm;
  private String nonce;
  private byte[] key;
  private boolean sha256;

  public TurnClient(String username, String password) {
    this.username = username;
    this.password = password;
    // Distinct but repeatable transaction IDs per user.
    this.random = new Random(username.hashCode());
  }

  /** Uses MESSAGE-INTEGRITY-SHA256 (with the MD5-derived key) instead of MESSAGE-INTEGRITY. */
  public TurnClient useSha256Integrity() {
    this.sha256 = true;
    return this;
  }

  /** Takes REALM and NONCE from a 401/438 answer; returns false if it carried none. */
  public boolean learn(byte[] challenge) {
    StunMessage m = wrap(challenge);
    String r = Realm.read(m);
    String n = Nonce.read(m);
    if (r == null || n == null) {
      return false;
    }
    realm = r;
    nonce = n;
    key = PasswordAlgorithm.MD5.deriveKey(username, realm, password);
    return true;
  }

  /** Sets credentials directly (a nonce from an earlier exchange). */
  public void use(String newRealm, String newNonce) {
    realm = newRealm;
    nonce = newNonce;
    key = PasswordAlgorithm.MD5.deriveKey(username, realm, password);
  }

  public byte[] key() {
    return key;
  }

  public String nonce() {
    return nonce;
  }

  /** A fresh random transaction ID. */
  public byte[] newTransactionId() {
    byte[] id = new byte[12];
    random.nextBytes(id);
    return id;
  }

  /** A request; authenticated once a challenge was learned. */
  public ByteBuf request(int method, byte[] transactionId, Consumer<StunWriter> attributes) {
    ByteBuf buf = Unpooled.buffer(256);
    StunWriter w = new StunWriter().begin(buf, method, MessageClass.REQUEST, transactionId);
    attributes.accept(w);
    if (nonce != null) {
      w.username(username).realm(realm).nonce(nonce);
      if (sha256) {
        w.messageIntegritySha256(key);
      } else {
        w.messageIntegrity(key);
      }
    }
    w.fingerprint();
    return buf;
  }

  /** A request with a fresh transaction ID. */
  public ByteBuf request(int method, Consumer<StunWriter> attributes) {
    return request(method, newTransactionId(), attributes);
  }

  /** An indication (never authenticated). */
  public ByteBuf indication(int method, Consumer<StunWriter> attributes) {
    ByteBuf buf = Unpooled.buffer(256);
    StunWriter w = new StunWriter().begin(buf, method, MessageClass.INDICATION, random);
    attributes.accept(w);
    w.fingerprint();
    return buf;
  }

  /** A ChannelData message (RFC 8656 §12.4), unpadded. */
  public static ByteBuf channelData(int channel, byte[] payload) {
    ByteBuf buf = Unpooled.buffer(4 + payload.length);
    buf.writeShort(channel).writeShort(payload.length).writeBytes(payload);
    return buf;
  }

  /** Wraps bytes in a view; fails the test if they are not a valid STUN message. */
  public static StunMessage wrap(byte[] bytes) {
    StunMessage m = new StunMessage();
    DecodeStatus status = m.wrap(Unpooled.wrappedBuffer(bytes));
    if (status != DecodeStatus.OK) {
      throw new AssertionError("not a valid STUN message: " + status);
    }
    return m;
  }

  /** Copies and releases {@code buf}. */
  public static byte[] drain(ByteBuf buf) {
    try {
      return ByteBufUtil.getBytes(buf);
    } finally {
      buf.release();
    }
  }
}

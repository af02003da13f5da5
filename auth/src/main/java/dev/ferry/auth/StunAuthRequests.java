package dev.ferry.auth;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.DecodeStatus;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.attribute.PasswordAlgorithmAttribute;
import dev.ferry.stun.attribute.PasswordAlgorithms;
import dev.ferry.stun.integrity.MessageIntegrity;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a decoded request into an {@link AuthRequest} that no longer refers to the datagram: the
 * message bytes are copied once to the heap, because the credential lookup may finish on another
 * thread after {@code channelRead} has released the buffer and reused the view.
 */
public final class StunAuthRequests {
  /** More entries than any real offer; a longer list cannot match ours anyway. */
  private static final int MAX_ALGORITHMS = 16;

  /** Stands for a PASSWORD-ALGORITHM that is present but malformed: no server offers code 0. */
  private static final int MALFORMED_ALGORITHM = 0;

  private StunAuthRequests() {}

  /**
   * Extracts what {@link RequestAuthenticator} reads from {@code message}, received from {@code
   * source}.
   */
  public static AuthRequest from(StunMessage message, InetSocketAddress source) {
    AuthRequest.Integrity integrity =
        message.contains(AttributeType.MESSAGE_INTEGRITY_SHA256)
            ? AuthRequest.Integrity.MESSAGE_INTEGRITY_SHA256
            : message.contains(AttributeType.MESSAGE_INTEGRITY)
                ? AuthRequest.Integrity.MESSAGE_INTEGRITY
                : AuthRequest.Integrity.NONE;
    int algorithm = -1;
    if (message.contains(AttributeType.PASSWORD_ALGORITHM)) {
      algorithm = PasswordAlgorithmAttribute.read(message);
      if (algorithm < 0) {
        algorithm = MALFORMED_ALGORITHM;
      }
    }
    List<Integer> algorithms = null;
    if (message.contains(AttributeType.PASSWORD_ALGORITHMS)) {
      int[] codes = new int[MAX_ALGORITHMS];
      int count = PasswordAlgorithms.read(message, codes);
      algorithms = new ArrayList<>();
      if (count < 0 || count > MAX_ALGORITHMS) {
        algorithms.add(MALFORMED_ALGORITHM);
      } else {
        for (int i = 0; i < count; i++) {
          algorithms.add(codes[i]);
        }
      }
    }
    return new AuthRequest(
        source,
        integrity,
        value(message, AttributeType.USERNAME),
        value(message, AttributeType.USERHASH),
        value(message, AttributeType.REALM),
        value(message, AttributeType.NONCE),
        algorithm,
        algorithms,
        integrity == AuthRequest.Integrity.NONE
            ? key -> false
            : new CopiedIntegrity(
                ByteBufUtil.getBytes(
                    message.buffer(), message.messageOffset(), message.totalLength()),
                integrity == AuthRequest.Integrity.MESSAGE_INTEGRITY_SHA256));
  }

  private static byte[] value(StunMessage message, int type) {
    ByteBuf value = message.attributeValue(type);
    return value == null ? null : ByteBufUtil.getBytes(value);
  }

  /** Checks integrity on a private heap copy of the request, wrapped in a per-thread view. */
  private static final class CopiedIntegrity implements AuthRequest.IntegrityVerifier {
    // A view indexes up to 64 attributes in three int arrays (816 bytes): one per request was the
    // largest garbage of an allocation's setup. A check never nests another on the same thread.
    private static final ThreadLocal<StunMessage> VIEWS = ThreadLocal.withInitial(StunMessage::new);

    private final byte[] bytes;
    private final boolean sha256;

    CopiedIntegrity(byte[] bytes, boolean sha256) {
      this.bytes = bytes;
      this.sha256 = sha256;
    }

    @Override
    public boolean verify(byte[] key) {
      StunMessage view = VIEWS.get();
      try {
        // Heap wrapper, never pooled: nothing to release.
        if (view.wrap(Unpooled.wrappedBuffer(bytes)) != DecodeStatus.OK) {
          return false;
        }
        return sha256 ? MessageIntegrity.checkSha256(view, key) : MessageIntegrity.check(view, key);
      } finally {
        view.clear();
      }
    }
  }
}

package dev.ferry.turn.dispatch;

import dev.ferry.auth.AuthResult;
import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;
import dev.ferry.stun.integrity.PasswordAlgorithm;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.function.Consumer;

/**
 * Builds TURN responses: every answer to an authenticated request ends with the integrity attribute
 * the request used, keyed with the request's key (RFC 8489 §9.2.4 last paragraph), then
 * FINGERPRINT; challenges carry REALM, NONCE and PASSWORD-ALGORITHMS and no integrity.
 */
public final class TurnResponses {
  private final String software;

  /** Responses announcing {@code software}; thread-safe. */
  public TurnResponses(String software) {
    this.software = software;
  }

  /** A success response with {@code attributes}, SOFTWARE, integrity and FINGERPRINT. */
  public Outcome.Reply success(
      StunMessage request,
      AuthResult.Authenticated auth,
      Consumer<StunWriter> attributes,
      ByteBufAllocator alloc) {
    return build(request, MessageClass.SUCCESS_RESPONSE, auth, attributes, alloc);
  }

  /** An error response to an authenticated request (integrity-protected). */
  public Outcome.Reply error(
      StunMessage request,
      AuthResult.Authenticated auth,
      int code,
      String reason,
      ByteBufAllocator alloc) {
    return build(request, MessageClass.ERROR_RESPONSE, auth, w -> w.errorCode(code, reason), alloc);
  }

  /** An error response to an authenticated request with more attributes after ERROR-CODE. */
  public Outcome.Reply errorWith(
      StunMessage request,
      AuthResult.Authenticated auth,
      int code,
      String reason,
      Consumer<StunWriter> more,
      ByteBufAllocator alloc) {
    return build(
        request,
        MessageClass.ERROR_RESPONSE,
        auth,
        w -> {
          w.errorCode(code, reason);
          more.accept(w);
        },
        alloc);
  }

  /** An error response without integrity (the request was not authenticated). */
  public Outcome.Reply unauthenticatedError(
      StunMessage request, int code, String reason, ByteBufAllocator alloc) {
    return build(request, MessageClass.ERROR_RESPONSE, null, w -> w.errorCode(code, reason), alloc);
  }

  /** A 401 or 438 challenge (RFC 8489 §9.2.4): ERROR-CODE, REALM, NONCE, PASSWORD-ALGORITHMS. */
  public Outcome.Reply challenge(
      StunMessage request, AuthResult.Challenge challenge, ByteBufAllocator alloc) {
    return build(
        request,
        MessageClass.ERROR_RESPONSE,
        null,
        w -> {
          w.errorCode(challenge.code(), challenge.code() == 438 ? "Stale Nonce" : "Unauthorized")
              .realm(challenge.realm())
              .nonce(challenge.nonce());
          if (!challenge.passwordAlgorithms().isEmpty()) {
            int[] codes =
                challenge.passwordAlgorithms().stream().mapToInt(PasswordAlgorithm::code).toArray();
            w.passwordAlgorithms(codes);
          }
        },
        alloc);
  }

  private Outcome.Reply build(
      StunMessage request,
      MessageClass cls,
      AuthResult.Authenticated auth,
      Consumer<StunWriter> attributes,
      ByteBufAllocator alloc) {
    ByteBuf out = alloc.ioBuffer(256);
    try {
      StunWriter writer = new StunWriter().beginResponse(out, request, cls);
      attributes.accept(writer);
      writer.software(software);
      if (auth != null) {
        if (auth.integrity() == AuthResult.ResponseIntegrity.MESSAGE_INTEGRITY_SHA256) {
          writer.messageIntegritySha256(auth.key().bytes());
        } else {
          writer.messageIntegrity(auth.key().bytes());
        }
      }
      writer.fingerprint();
      return new Outcome.Reply(out, request.method(), cls == MessageClass.SUCCESS_RESPONSE);
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }
}

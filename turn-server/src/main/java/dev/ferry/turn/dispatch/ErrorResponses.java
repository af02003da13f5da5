package dev.ferry.turn.dispatch;

import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Builds error responses (RFC 8489 §6.3.1.1): ERROR-CODE, SOFTWARE, FINGERPRINT last. */
public final class ErrorResponses {
  private final String software;

  /** Error responses announcing {@code software} (e.g. "Ferry 0.1.0"). */
  public ErrorResponses(String software) {
    this.software = software;
  }

  /** An error response to {@code request}. */
  public Outcome.Reply reply(StunMessage request, int code, String reason, ByteBufAllocator alloc) {
    return reply(request, code, reason, null, 0, alloc);
  }

  /**
   * An error response to {@code request}; with {@code unknownCount > 0} it lists the unknown
   * attribute types (420, §14.13).
   */
  public Outcome.Reply reply(
      StunMessage request,
      int code,
      String reason,
      int[] unknown,
      int unknownCount,
      ByteBufAllocator alloc) {
    ByteBuf out = alloc.ioBuffer(128);
    try {
      StunWriter writer =
          new StunWriter()
              .beginResponse(out, request, MessageClass.ERROR_RESPONSE)
              .errorCode(code, reason);
      if (unknownCount > 0) {
        writer.unknownAttributes(unknown, unknownCount);
      }
      writer.software(software).fingerprint();
      return new Outcome.Reply(out, request.method(), false);
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }

  /** The SOFTWARE value this server announces. */
  String software() {
    return software;
  }
}

package dev.ferry.turn.dispatch;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.ErrorCodes;
import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.StunWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.function.IntPredicate;

/**
 * Answers Binding (RFC 8489 §6.3, §7.3 of RFC 5389 for old clients): tells the client the transport
 * address its request came from. Stateless, so a retransmission gets the same answer.
 */
public final class BindingHandler {
  /**
   * Comprehension-required attributes this server understands in a Binding request: the codec's
   * catalogue minus RFC 5780's CHANGE-REQUEST and RESPONSE-PORT, which a one-address server cannot
   * honour and must answer with 420 (RFC 5780 §6; RFC 5389 §12.2).
   */
  private static final IntPredicate UNDERSTOOD =
      type ->
          AttributeType.isKnown(type)
              && type != AttributeType.CHANGE_REQUEST
              && type != AttributeType.RESPONSE_PORT;

  /** Most unknown attributes listed in one 420 (keeps the response under the UDP MTU). */
  private static final int MAX_UNKNOWN_LISTED = 16;

  private final ErrorResponses errors;

  /** A handler whose responses carry the error builder's SOFTWARE value. */
  public BindingHandler(ErrorResponses errors) {
    this.errors = errors;
  }

  /**
   * Processes a Binding request or indication that passed the basic checks.
   *
   * @param request the wrapped message (method Binding, class request or indication)
   * @param source the request's source transport address (TCP: the connection's remote address)
   */
  public Outcome handle(StunMessage request, InetSocketAddress source, ByteBufAllocator alloc) {
    // §6.3: unknown comprehension-required attributes -> 420 for requests, drop for indications.
    int[] unknown = new int[MAX_UNKNOWN_LISTED];
    int unknownCount = request.unknownComprehensionRequired(UNDERSTOOD, unknown);
    boolean indication = request.messageClass() == MessageClass.INDICATION;
    if (indication) {
      // §6.3.2: a Binding indication needs no processing beyond the checks (keepalive).
      return unknownCount > 0
          ? Outcome.drop(DropReason.UNKNOWN_ATTRIBUTE_IN_INDICATION)
          : new Outcome.Consumed(StunMethod.BINDING);
    }
    if (unknownCount > 0) {
      // §6.3.1.1 and §14.13: list the types we did not understand.
      return errors.reply(
          request, ErrorCodes.UNKNOWN_ATTRIBUTE, "Unknown Attribute", unknown, unknownCount, alloc);
    }
    return success(request, source, alloc);
  }

  /**
   * §6.3.1.1: success with XOR-MAPPED-ADDRESS of the source; an RFC 3489 client (no magic cookie)
   * gets MAPPED-ADDRESS and its own cookie bytes back instead (RFC 5389 §12.2). SOFTWARE is a
   * SHOULD (§14.14); FINGERPRINT goes last (§7, §14.7).
   */
  private Outcome success(StunMessage request, InetSocketAddress source, ByteBufAllocator alloc) {
    ByteBuf out = alloc.ioBuffer(128);
    try {
      StunWriter writer =
          new StunWriter().beginResponse(out, request, MessageClass.SUCCESS_RESPONSE);
      if (request.hasMagicCookie()) {
        writer.xorMappedAddress(source);
      } else {
        writer.mappedAddress(source);
      }
      writer.software(errors.software()).fingerprint();
      return new Outcome.Reply(out, StunMethod.BINDING, true);
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }
}

package dev.ferry.turn.dispatch;

import dev.ferry.stun.DecodeStatus;
import dev.ferry.stun.ErrorCodes;
import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.demux.FirstByteDemux;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetSocketAddress;

/**
 * The one dispatch switch: demultiplexes by first byte (RFC 7983 §7), runs the STUN basic checks
 * (RFC 8489 §6.3) and hands each supported method to its handler. Shared by all event loops; the
 * message view is per thread.
 */
public final class StunDispatcher implements MessageDispatcher {
  private static final FastThreadLocal<StunMessage> VIEW =
      new FastThreadLocal<>() {
        @Override
        protected StunMessage initialValue() {
          return new StunMessage();
        }
      };

  private final BindingHandler binding;
  private final ErrorResponses errors;

  /** A dispatcher answering Binding; every other method is not supported yet. */
  public StunDispatcher(BindingHandler binding, ErrorResponses errors) {
    this.binding = binding;
    this.errors = errors;
  }

  @Override
  public Outcome dispatch(ByteBuf message, InetSocketAddress source, ByteBufAllocator alloc) {
    switch (FirstByteDemux.classify(message)) {
      case STUN:
        break;
      case CHANNEL_DATA:
        // No allocation exists before the TURN methods land, so no channel can be bound.
        return Outcome.drop(DropReason.CHANNEL_DATA);
      default:
        return Outcome.drop(DropReason.OTHER_PROTOCOL);
    }
    StunMessage view = VIEW.get();
    try {
      DecodeStatus status = view.wrap(message);
      if (!status.isOk()) {
        return Outcome.drop(reasonFor(status));
      }
      return dispatchStun(view, source, alloc);
    } finally {
      view.clear();
    }
  }

  private Outcome dispatchStun(StunMessage view, InetSocketAddress source, ByteBufAllocator alloc) {
    MessageClass messageClass = view.messageClass();
    if (messageClass.isResponse()) {
      // This server sends no requests, so no response can match a transaction (§6.3.3).
      return Outcome.drop(DropReason.RESPONSE);
    }
    if (view.method() == StunMethod.BINDING) {
      return binding.handle(view, source, alloc);
    }
    if (messageClass == MessageClass.INDICATION) {
      return Outcome.drop(DropReason.UNSUPPORTED_INDICATION);
    }
    // §6.3: a request for a method the server does not support gets 400 (TURN methods included
    // until the allocation code exists).
    return errors.reply(view, ErrorCodes.BAD_REQUEST, "Method not supported", alloc);
  }

  /** The drop label for a failed basic check. */
  static DropReason reasonFor(DecodeStatus status) {
    switch (status) {
      case LENGTH_NOT_MULTIPLE_OF_FOUR:
      case LENGTH_MISMATCH:
        return DropReason.BAD_LENGTH;
      case ATTRIBUTE_OVERRUN:
      case TOO_MANY_ATTRIBUTES:
        return DropReason.MALFORMED_ATTRIBUTE;
      case FINGERPRINT_NOT_LAST:
      case BAD_FINGERPRINT:
        return DropReason.BAD_FINGERPRINT;
      case TOO_SHORT:
      case NOT_STUN:
      case MISSING_MAGIC_COOKIE:
      default:
        return DropReason.NOT_STUN;
    }
  }
}

package dev.ferry.turn.dispatch;

import dev.ferry.stun.DecodeStatus;
import dev.ferry.stun.ErrorCodes;
import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.demux.FirstByteDemux;
import dev.ferry.turn.allocation.Allocation;
import dev.ferry.turn.relay.ClientLink;
import dev.ferry.turn.relay.RelaySocket;
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
  private final TurnRequests turn;
  private final ClientDataRelay relay;

  /** A dispatcher answering Binding only; TURN requests get 400. */
  public StunDispatcher(BindingHandler binding, ErrorResponses errors) {
    this(binding, errors, null);
  }

  /** A dispatcher answering Binding and, on links with TURN state, the TURN methods. */
  public StunDispatcher(BindingHandler binding, ErrorResponses errors, TurnServices services) {
    this.binding = binding;
    this.errors = errors;
    this.turn = services == null ? null : new TurnRequests(services);
    this.relay = services == null ? null : new ClientDataRelay(services);
  }

  @Override
  public Outcome dispatch(ByteBuf message, InetSocketAddress source, ByteBufAllocator alloc) {
    return dispatch(message, source, alloc, null);
  }

  @Override
  public Outcome dispatch(ByteBuf message, InetSocketAddress source, ClientLink link) {
    return dispatch(message, source, link.alloc(), turn == null ? null : link);
  }

  @Override
  public Outcome channelData(
      ByteBuf message, Allocation<RelaySocket> allocation, ClientLink link, long now) {
    return relay == null
        ? Outcome.drop(DropReason.CHANNEL_DATA)
        : relay.channelData(message, allocation, link, now);
  }

  private Outcome dispatch(
      ByteBuf message, InetSocketAddress source, ByteBufAllocator alloc, ClientLink link) {
    switch (FirstByteDemux.classify(message)) {
      case STUN:
        break;
      case CHANNEL_DATA:
        // RFC 8656 §12.6; without TURN state no channel can be bound.
        return link == null
            ? Outcome.drop(DropReason.CHANNEL_DATA)
            : relay.channelData(message, source, link);
      default:
        return Outcome.drop(DropReason.OTHER_PROTOCOL);
    }
    StunMessage view = VIEW.get();
    try {
      DecodeStatus status = view.wrap(message);
      if (!status.isOk()) {
        return Outcome.drop(reasonFor(status));
      }
      return dispatchStun(view, source, alloc, link);
    } finally {
      view.clear();
    }
  }

  private Outcome dispatchStun(
      StunMessage view, InetSocketAddress source, ByteBufAllocator alloc, ClientLink link) {
    MessageClass messageClass = view.messageClass();
    if (messageClass.isResponse()) {
      // This server sends no requests, so no response can match a transaction (§6.3.3).
      return Outcome.drop(DropReason.RESPONSE);
    }
    int method = view.method();
    if (method == StunMethod.BINDING) {
      return binding.handle(view, source, alloc);
    }
    if (messageClass == MessageClass.INDICATION) {
      if (link != null && method == StunMethod.SEND) {
        // RFC 8489 §6.3.2: unknown comprehension-required attributes drop an indication.
        if (view.unknownComprehensionRequired(new int[1]) > 0) {
          return Outcome.drop(DropReason.UNKNOWN_ATTRIBUTE_IN_INDICATION);
        }
        return relay.send(view, source, link);
      }
      return Outcome.drop(DropReason.UNSUPPORTED_INDICATION);
    }
    if (link != null && TurnRequests.handles(method)) {
      return turn.handle(view, source, link);
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

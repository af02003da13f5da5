package dev.ferry.turn.dispatch;

import dev.ferry.auth.AuthResult;
import dev.ferry.stun.AttributeType;
import dev.ferry.stun.DecodeStatus;
import dev.ferry.stun.ErrorCodes;
import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunMethod;
import dev.ferry.turn.allocation.Allocation;
import dev.ferry.turn.allocation.FiveTuple;
import dev.ferry.turn.allocation.TransactionId;
import dev.ferry.turn.allocation.TransportAddress;
import dev.ferry.turn.metrics.TurnMetrics;
import dev.ferry.turn.relay.ClientLink;
import dev.ferry.turn.relay.RelaySocket;
import dev.ferry.turn.relay.TurnLoop;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps every TURN request shares (RFC 8656 §5): a retransmission (same 5-tuple, transaction
 * ID, method and cookie) gets the cached answer (RFC 8489 §6.3.1); then authentication (errors to
 * unauthenticated requests pass the amplification guard); then unknown comprehension-required
 * attributes (420); then, for all but Allocate, the 5-tuple must have an allocation (437) created
 * by the same username (441). Each method's own checks live in its handler. Every answer to an
 * authenticated request is cached per (5-tuple, transaction ID).
 */
public final class TurnRequests {
  private static final Logger LOG = LoggerFactory.getLogger(TurnRequests.class);

  /** Most unknown attributes listed in one 420. */
  private static final int MAX_UNKNOWN_LISTED = 16;

  private final TurnServices services;
  private final AllocateHandler allocate;
  private final RefreshHandler refresh;
  private final CreatePermissionHandler createPermission;
  private final ChannelBindHandler channelBind;

  /** The TURN request path over {@code services}. */
  public TurnRequests(TurnServices services) {
    this.services = services;
    this.allocate = new AllocateHandler(services);
    this.refresh = new RefreshHandler(services);
    this.createPermission = new CreatePermissionHandler(services);
    this.channelBind = new ChannelBindHandler(services);
  }

  /** Whether {@code method} is one of the TURN requests handled here. */
  public static boolean handles(int method) {
    return method == StunMethod.ALLOCATE
        || method == StunMethod.REFRESH
        || method == StunMethod.CREATE_PERMISSION
        || method == StunMethod.CHANNEL_BIND;
  }

  /**
   * Processes a TURN request that passed the basic checks. Answers at once when the credentials are
   * cached; otherwise copies the request, returns {@link Outcome.Deferred} and writes the answer on
   * the link's loop when the lookup completes.
   */
  public Outcome handle(StunMessage request, InetSocketAddress source, ClientLink link) {
    long now = services.clock().nanoTime();
    TurnLoop loop = link.loop();
    FiveTuple fiveTuple =
        new FiveTuple(TransportAddress.of(source), link.localKey(), link.transport());
    TransactionId id = TransactionId.of(request.transactionIdHigh(), request.transactionIdLow());
    ByteBuf cached = loop.transactions().get(fiveTuple, id, now);
    if (cached != null) {
      if (answers(cached, request)) {
        return new Outcome.Reply(cached, request.method(), isSuccess(cached));
      }
      cached.release();
    }
    CompletableFuture<AuthResult> auth =
        services.authenticator().authenticate(request, source).toCompletableFuture();
    if (auth.isDone()) {
      return afterAuth(request, resultOf(auth), source, fiveTuple, id, link);
    }
    int length = request.totalLength();
    ByteBuf copy = link.alloc().heapBuffer(length, length);
    copy.writeBytes(request.buffer(), request.messageOffset(), length);
    CompletableFuture<Outcome> settled = new CompletableFuture<>();
    auth.whenComplete(
        (result, error) -> {
          try {
            link.eventLoop()
                .execute(() -> resume(copy, auth, source, fiveTuple, id, link, settled));
          } catch (RejectedExecutionException shuttingDown) {
            copy.release();
          }
        });
    return new Outcome.Deferred(request.method(), settled);
  }

  private void resume(
      ByteBuf copy,
      CompletableFuture<AuthResult> auth,
      InetSocketAddress source,
      FiveTuple fiveTuple,
      TransactionId id,
      ClientLink link,
      CompletableFuture<Outcome> settled) {
    StunMessage view = new StunMessage();
    Outcome outcome = null;
    try {
      if (view.wrap(copy) != DecodeStatus.OK || !link.isActive()) {
        return;
      }
      outcome = afterAuth(view, resultOf(auth), source, fiveTuple, id, link);
      if (outcome instanceof Outcome.Reply reply) {
        link.writeAndFlush(reply.message(), source);
      }
    } finally {
      view.clear();
      copy.release();
    }
    // Counted by the transport once the answer is on its way (the message buffer was handed off).
    settled.complete(outcome);
  }

  private static AuthResult resultOf(CompletableFuture<AuthResult> auth) {
    try {
      return auth.join();
    } catch (RuntimeException e) {
      return new AuthResult.ServerError(e);
    }
  }

  private Outcome afterAuth(
      StunMessage request,
      AuthResult result,
      InetSocketAddress source,
      FiveTuple fiveTuple,
      TransactionId id,
      ClientLink link) {
    long now = services.clock().nanoTime();
    if (result instanceof AuthResult.Authenticated authenticated) {
      TurnRequest turn = new TurnRequest(request, authenticated, source, fiveTuple, id, link, now);
      Outcome outcome = authenticated(turn);
      if (outcome instanceof Outcome.Reply reply) {
        link.loop().transactions().put(fiveTuple, id, reply.message(), now);
      }
      return outcome;
    }
    TurnLoop loop = link.loop();
    if (!loop.limiter().tryAcquire(source.getAddress())) {
      services.metrics().unauthenticatedLimited();
      return Outcome.drop(DropReason.RATE_LIMITED);
    }
    var alloc = link.alloc();
    if (result instanceof AuthResult.Challenge challenge) {
      services.metrics().authFailure(label(challenge.reason()));
      return services.responses().challenge(request, challenge, alloc);
    }
    if (result instanceof AuthResult.BadRequest bad) {
      services.metrics().authFailure(label(bad.reason()));
      return services
          .responses()
          .unauthenticatedError(request, ErrorCodes.BAD_REQUEST, "Bad Request", alloc);
    }
    AuthResult.ServerError error = (AuthResult.ServerError) result;
    services.metrics().authFailure("server_error");
    LOG.warn("Credential lookup failed: {}", error.cause().toString());
    return services
        .responses()
        .unauthenticatedError(request, ErrorCodes.SERVER_ERROR, "Server Error", alloc);
  }

  private Outcome authenticated(TurnRequest request) {
    StunMessage message = request.message();
    int method = message.method();
    // RFC 8489 §6.3.1 after authentication; §7.2 step 4 makes DONT-FRAGMENT unknown in an Allocate
    // when DF cannot be set.
    int[] unknown = new int[MAX_UNKNOWN_LISTED];
    boolean dfUnsupported = !services.relays().supportsDontFragment();
    int count =
        message.unknownComprehensionRequired(
            type ->
                AttributeType.isKnown(type)
                    && !(dfUnsupported
                        && method == StunMethod.ALLOCATE
                        && type == AttributeType.DONT_FRAGMENT),
            unknown);
    if (count > 0) {
      if (method == StunMethod.ALLOCATE) {
        services.metrics().allocate(TurnMetrics.AllocateResult.UNKNOWN_ATTRIBUTE);
      }
      return errorWithUnknown(request, unknown, count);
    }
    if (method == StunMethod.ALLOCATE) {
      return allocate.handle(request);
    }
    // §5: any other request needs the 5-tuple's allocation, created by the same user.
    Allocation<RelaySocket> allocation =
        request.loop().table().get(request.fiveTuple(), request.now());
    if (allocation == null) {
      return error(request, ErrorCodes.ALLOCATION_MISMATCH, "Allocation Mismatch");
    }
    if (!allocation.username().equals(request.auth().username())) {
      services.metrics().authFailure("wrong_credentials");
      return error(request, ErrorCodes.WRONG_CREDENTIALS, "Wrong Credentials");
    }
    switch (method) {
      case StunMethod.REFRESH:
        return refresh.handle(request, allocation);
      case StunMethod.CREATE_PERMISSION:
        return createPermission.handle(request, allocation);
      case StunMethod.CHANNEL_BIND:
      default:
        return channelBind.handle(request, allocation);
    }
  }

  private Outcome errorWithUnknown(TurnRequest request, int[] unknown, int count) {
    return services
        .responses()
        .errorWith(
            request.message(),
            request.auth(),
            ErrorCodes.UNKNOWN_ATTRIBUTE,
            "Unknown Attribute",
            w -> w.unknownAttributes(unknown, count),
            request.link().alloc());
  }

  private Outcome error(TurnRequest request, int code, String reason) {
    return services
        .responses()
        .error(request.message(), request.auth(), code, reason, request.link().alloc());
  }

  /**
   * Whether a cached {@code response} answers {@code request}: a retransmission repeats the
   * request's method, class and cookie bytes. Another message that merely reuses the transaction ID
   * on the same 5-tuple is processed afresh, so it never gets the answer to a different method.
   */
  private static boolean answers(ByteBuf response, StunMessage request) {
    int at = response.readerIndex();
    return request.messageClass() == MessageClass.REQUEST
        && StunMethod.methodOf(response.getUnsignedShort(at)) == request.method()
        && response.getInt(at + 4) == request.buffer().getInt(request.messageOffset() + 4);
  }

  private static boolean isSuccess(ByteBuf response) {
    int type = response.getUnsignedShort(response.readerIndex());
    return (type & 0x0110) == 0x0100;
  }

  private static String label(AuthResult.Reason reason) {
    return reason.name().toLowerCase(Locale.ROOT);
  }
}

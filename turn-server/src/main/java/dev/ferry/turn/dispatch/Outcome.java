package dev.ferry.turn.dispatch;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;

/** What became of one received message: a reply to send, a drop with its reason, or neither. */
public sealed interface Outcome
    permits Outcome.Reply, Outcome.Drop, Outcome.Consumed, Outcome.Relayed, Outcome.Deferred {

  /** The shared drop outcome for a reason (no allocation per dropped packet). */
  static Drop drop(DropReason reason) {
    return Drop.CACHED[reason.ordinal()];
  }

  /**
   * A response to send back to the source; the receiver of this value owns {@code message}.
   *
   * @param message the encoded response, allocated from the channel's allocator
   * @param method the request's method code (for the request counter)
   * @param success true for a success response, false for an error response
   */
  record Reply(ByteBuf message, int method, boolean success) implements Outcome {}

  /**
   * Discarded without an answer (RFC 8489 §6.3: silent discard).
   *
   * @param reason why, as a bounded metric label
   */
  record Drop(DropReason reason) implements Outcome {
    private static final Drop[] CACHED = cache();

    private static Drop[] cache() {
      DropReason[] reasons = DropReason.values();
      Drop[] drops = new Drop[reasons.length];
      for (DropReason reason : reasons) {
        drops[reason.ordinal()] = new Drop(reason);
      }
      return drops;
    }
  }

  /**
   * Processed, nothing to send (an indication).
   *
   * @param method the indication's method code
   */
  record Consumed(int method) implements Outcome {}

  /** The shared outcome of a datagram relayed to a peer (counted by the TURN meters). */
  static Relayed relayed() {
    return Relayed.INSTANCE;
  }

  /** A Send indication's or ChannelData's payload went to a peer. */
  record Relayed() implements Outcome {
    private static final Relayed INSTANCE = new Relayed();
  }

  /**
   * The answer will be written later, on the channel's loop, once an asynchronous step (credential
   * lookup) completes.
   *
   * @param method the request's method code
   * @param settled completes on the channel's loop with what became of the request: a {@link Reply}
   *     that has already been written (its message is no longer the receiver's: read only its
   *     method and class, to count it) or a {@link Drop}. It does not complete when the connection
   *     closed or the loop shut down first, since then nothing was sent.
   */
  record Deferred(int method, CompletableFuture<Outcome> settled) implements Outcome {}
}

package dev.ferry.turn.transport;

import dev.ferry.turn.dispatch.Outcome;
import dev.ferry.turn.metrics.TransportMetrics;

/**
 * Counts the outcomes that send nothing now, and deferred answers once they are written; shared by
 * the datagram and stream handlers.
 */
final class OutcomeCounting {
  private OutcomeCounting() {}

  static void count(Outcome outcome, TransportMetrics metrics) {
    if (outcome instanceof Outcome.Drop) {
      metrics.dropped(((Outcome.Drop) outcome).reason());
    } else if (outcome instanceof Outcome.Consumed) {
      metrics.indication(((Outcome.Consumed) outcome).method());
    } else if (outcome instanceof Outcome.Deferred) {
      ((Outcome.Deferred) outcome).settled().thenAccept(settled -> countSettled(settled, metrics));
    }
  }

  /** A deferred request's end: its written answer (request and response) or its drop. */
  private static void countSettled(Outcome settled, TransportMetrics metrics) {
    if (settled instanceof Outcome.Reply) {
      Outcome.Reply reply = (Outcome.Reply) settled;
      metrics.request(reply.method());
      metrics.response(reply.success());
    } else if (settled != null) {
      count(settled, metrics);
    }
  }
}

package dev.ferry.turn.transport;

import dev.ferry.turn.dispatch.Outcome;
import dev.ferry.turn.metrics.TransportMetrics;

/** Counts the outcomes that send nothing; shared by the datagram and stream handlers. */
final class OutcomeCounting {
  private OutcomeCounting() {}

  static void count(Outcome outcome, TransportMetrics metrics) {
    if (outcome instanceof Outcome.Drop) {
      metrics.dropped(((Outcome.Drop) outcome).reason());
    } else if (outcome instanceof Outcome.Consumed) {
      metrics.indication(((Outcome.Consumed) outcome).method());
    }
  }
}

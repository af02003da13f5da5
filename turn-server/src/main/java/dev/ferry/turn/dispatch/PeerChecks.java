package dev.ferry.turn.dispatch;

import dev.ferry.turn.policy.PeerDecision;
import java.util.Locale;

/** Turns peer-policy verdicts into the bounded metric labels of {@code turn_peer_denied_total}. */
final class PeerChecks {
  private PeerChecks() {}

  /** The label for a denial. */
  static String label(PeerDecision decision) {
    return decision.reason().name().toLowerCase(Locale.ROOT);
  }
}

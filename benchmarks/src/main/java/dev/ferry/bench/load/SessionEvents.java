package dev.ferry.bench.load;

/** What a {@link TurnSession} reports to the run that drives it; called on the session's loop. */
interface SessionEvents {
  /** The session finished its setup (or, when probing, got its 401). */
  void ready(TurnSession session);

  /** The session gave up; {@code reason} says at which step and why. */
  void failed(TurnSession session, String reason);

  /** The session's allocation was released (or the release timed out). */
  void released(TurnSession session);
}

package dev.ferry.bench.load;

/** What a {@link TurnSession} reports to the run that drives it; called on the session's loop. */
interface SessionEvents {
  /** The session finished its setup (or, when probing, got its 401). */
  void ready(TurnSession session);

  /** The session gave up; {@code reason} says at which step and why. */
  void failed(TurnSession session, String reason);

  /**
   * The server already holds an allocation for this session's 5-tuple (437 to the first Allocate:
   * an ephemeral port reused from an earlier run); the session needs a new socket.
   */
  void collided(TurnSession session);

  /** The session's allocation was released (or the release timed out). */
  void released(TurnSession session);
}

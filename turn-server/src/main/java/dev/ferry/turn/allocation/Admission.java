package dev.ferry.turn.allocation;

/**
 * The answer to "may this Allocate proceed?" (RFC 8656 §7.2 steps 2 and 10), taken before a relay
 * socket is opened. An admitted request holds its quota slot and reserves its 5-tuple until it is
 * {@linkplain AllocationTable#complete completed} or {@linkplain AllocationTable#abandon
 * abandoned}, so a retransmission arriving while the relay socket binds is not admitted twice.
 *
 * @param <R> the relay handle type of the table
 */
public final class Admission<R extends RelayEndpoint> {
  /** What the dispatch layer does next. */
  public enum Outcome {
    /** Open a relay socket, then complete or abandon. */
    ADMITTED(0),
    /** Same 5-tuple and transaction ID as the live allocation: answer success again. */
    RETRANSMISSION(0),
    /** The same Allocate is still being set up: drop it, the client retransmits. */
    IN_PROGRESS(0),
    /** The 5-tuple already has an allocation (or is being allocated) for another transaction. */
    ALLOCATION_MISMATCH(437),
    USER_QUOTA_REACHED(486),
    TOTAL_QUOTA_REACHED(486);

    private final int errorCode;

    Outcome(int errorCode) {
      this.errorCode = errorCode;
    }

    /** The STUN error code to answer with, or 0 when there is no error to send. */
    public int errorCode() {
      return errorCode;
    }
  }

  private final Outcome outcome;
  private final FiveTuple fiveTuple;
  private final TransactionId transactionId;
  private final String username;
  private final Allocation<R> existing;
  private boolean open;

  Admission(
      Outcome outcome,
      FiveTuple fiveTuple,
      TransactionId transactionId,
      String username,
      Allocation<R> existing) {
    this.outcome = outcome;
    this.fiveTuple = fiveTuple;
    this.transactionId = transactionId;
    this.username = username;
    this.existing = existing;
    this.open = outcome == Outcome.ADMITTED;
  }

  public Outcome outcome() {
    return outcome;
  }

  public FiveTuple fiveTuple() {
    return fiveTuple;
  }

  public TransactionId transactionId() {
    return transactionId;
  }

  public String username() {
    return username;
  }

  /** For {@link Outcome#RETRANSMISSION}: the allocation the original request created. */
  public Allocation<R> existing() {
    return existing;
  }

  /** Whether this admission still holds a quota slot and a 5-tuple reservation. */
  public boolean isOpen() {
    return open;
  }

  void close() {
    open = false;
  }
}

package dev.ferry.turn.relay;

/**
 * Two adjacent relay ports taken together for EVEN-PORT with R=1 (RFC 8656 §7.2): the even one for
 * the allocation, the odd one to hold behind a RESERVATION-TOKEN.
 */
public record EvenPortPair(int even) {

  /** Checks that {@code even} is even. */
  public EvenPortPair {
    if ((even & 1) != 0) {
      throw new IllegalArgumentException("not an even port: " + even);
    }
  }

  /** The port after {@link #even()}, the one to reserve. */
  public int odd() {
    return even + 1;
  }
}

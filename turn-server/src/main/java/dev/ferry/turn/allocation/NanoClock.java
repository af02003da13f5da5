package dev.ferry.turn.allocation;

/** A monotonic time source, injected so that every deadline can be tested without sleeping. */
@FunctionalInterface
public interface NanoClock {
  /** The system's monotonic clock. */
  NanoClock SYSTEM = System::nanoTime;

  /** Monotonic nanoseconds with an arbitrary origin; compare only by subtraction. */
  long nanoTime();
}

package dev.ferry.cli;

/** Entry point of the turnd daemon. */
public final class Turnd {
  private Turnd() {}

  /** Starts the daemon. */
  public static void main(String[] args) {
    System.out.println("turnd");
  }
}

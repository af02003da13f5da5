package dev.ferry.turn.policy;

/**
 * A peer-address list entry that cannot be read; carries the entry and the problem separately so
 * that the configuration layer can add the key, file and line.
 */
public final class AddressEntryException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String entry;
  private final String problem;

  AddressEntryException(String entry, String problem) {
    super("invalid peer address entry \"" + entry + "\": " + problem);
    this.entry = entry;
    this.problem = problem;
  }

  /** The entry exactly as given. */
  public String entry() {
    return entry;
  }

  /** What is wrong with it, without the entry itself. */
  public String problem() {
    return problem;
  }
}

package dev.ferry.auth;

/** The outcome of checking one text attribute of a request before it is used for a lookup. */
public sealed interface FieldCheck {

  /** The attribute decoded to {@code value}. */
  record Valid(String value) implements FieldCheck {}

  /** The attribute must be answered with 400 (Bad Request); {@code problem} says why. */
  record Invalid(Field field, Problem problem) implements FieldCheck {}

  /** The text attributes the long-term mechanism reads. */
  enum Field {
    USERNAME,
    REALM,
    NONCE
  }

  /** Why a field was refused. */
  enum Problem {
    EMPTY,
    TOO_LONG,
    NOT_UTF8,
    CONTROL_CHARACTER
  }
}

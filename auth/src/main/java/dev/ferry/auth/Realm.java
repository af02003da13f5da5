package dev.ferry.auth;

import java.nio.charset.StandardCharsets;

/**
 * The realm the server challenges with (RFC 8489 §14.9; RECOMMENDED: the provider's domain name).
 * Checked like a REALM attribute at construction, so a bad configuration fails at start.
 */
public record Realm(String name) {
  public Realm {
    if (FieldValidator.realm(name.getBytes(StandardCharsets.UTF_8))
        instanceof FieldCheck.Invalid invalid) {
      throw new IllegalArgumentException(
          "realm '" + name + "' is not a valid REALM: " + invalid.problem());
    }
  }

  @Override
  public String toString() {
    return name;
  }
}

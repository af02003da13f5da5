package dev.ferry.stun.attribute;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;

/** DONT-FRAGMENT: set DF on the relayed packets (RFC 8656 §18.9); a flag with an empty value. */
public final class DontFragment {
  private DontFragment() {}

  /** True if a visible DONT-FRAGMENT is present (any value length is tolerated). */
  public static boolean isPresent(StunMessage message) {
    return message.contains(AttributeType.DONT_FRAGMENT);
  }

  /** Appends the empty attribute. */
  public static void write(StunWriter writer) {
    writer.attribute(AttributeType.DONT_FRAGMENT, new byte[0]);
  }
}

package dev.ferry.turn.allocation;

/** IP address family of a relayed or peer address, with its STUN family code (RFC 8489 §14.1). */
public enum AddressFamily {
  IPV4(0x01),
  IPV6(0x02);

  private final int stunCode;

  AddressFamily(int stunCode) {
    this.stunCode = stunCode;
  }

  /** The value used in REQUESTED-ADDRESS-FAMILY and the address attributes. */
  public int stunCode() {
    return stunCode;
  }
}

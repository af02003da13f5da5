package dev.ferry.turn.allocation;

/** One mixing function shared by every address-keyed structure, so hashing is cheap and even. */
final class AddressHash {
  private AddressHash() {}

  static int hash(boolean ipv6, long high, long low, int port) {
    long h = low * 0x9E37_79B9_7F4A_7C15L;
    h ^= high * 0xC2B2_AE3D_27D4_EB4FL;
    h ^= ((long) port << 1 | (ipv6 ? 1 : 0)) * 0x1656_67B1_9E37_79F9L;
    h ^= h >>> 29;
    h *= 0xBF58_476D_1CE4_E5B9L;
    return (int) (h ^ (h >>> 32));
  }
}

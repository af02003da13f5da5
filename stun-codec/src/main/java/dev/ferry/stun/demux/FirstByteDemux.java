package dev.ferry.stun.demux;

import io.netty.buffer.ByteBuf;

/**
 * Classifies a packet by its first byte with one table lookup and no allocation, following the
 * demultiplexing table of RFC 7983 §7 as repeated in RFC 8656 §12 Table 3.
 */
public final class FirstByteDemux {

  private static final PacketKind[] TABLE = buildTable();

  private FirstByteDemux() {}

  /** The kind of packet whose first byte is {@code firstByte}; only its low 8 bits count. */
  public static PacketKind classify(int firstByte) {
    return TABLE[firstByte & 0xFF];
  }

  /**
   * The kind of the packet starting at {@code buf}'s reader index; an empty buffer is {@link
   * PacketKind#UNKNOWN}. The buffer's indices are not changed.
   */
  public static PacketKind classify(ByteBuf buf) {
    if (!buf.isReadable()) {
      return PacketKind.UNKNOWN;
    }
    return TABLE[buf.getUnsignedByte(buf.readerIndex())];
  }

  private static PacketKind[] buildTable() {
    PacketKind[] table = new PacketKind[256];
    for (int b = 0; b < table.length; b++) {
      table[b] = kindOf(b);
    }
    return table;
  }

  private static PacketKind kindOf(int b) {
    if (b <= 3) {
      return PacketKind.STUN;
    }
    if (b >= 16 && b <= 19) {
      return PacketKind.ZRTP;
    }
    if (b >= 20 && b <= 63) {
      return PacketKind.DTLS;
    }
    if (b >= 64 && b <= 79) {
      return PacketKind.CHANNEL_DATA;
    }
    if (b >= 128 && b <= 191) {
      return PacketKind.RTP_RTCP;
    }
    return PacketKind.UNKNOWN;
  }
}

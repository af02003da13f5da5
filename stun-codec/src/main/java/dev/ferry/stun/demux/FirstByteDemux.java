package dev.ferry.stun.demux;

import dev.ferry.stun.channel.ChannelNumbers;
import io.netty.buffer.ByteBuf;

/**
 * Classifies a packet arriving on a TURN server's client-facing socket by its first byte, with one
 * table lookup and no allocation, following the demultiplexing table of RFC 7983 §7 as repeated in
 * RFC 8656 §12 Table 3 <b>except that ChannelData is 64-127</b>, not 64-79.
 *
 * <p>The deviation lets the server accept RFC 5766 channel numbers up to 0x7FFE (see {@link
 * ChannelNumbers}). RFC 7983 §7 narrowed ChannelData to 64-79 for endpoints that also receive RTP,
 * DTLS and ZRTP on the same socket; a TURN server's client socket carries only STUN and
 * ChannelData, and 80-127 are assigned to nothing else in RFC 7983, which itself notes (§6) that
 * implementations parse 64-127 as TURN. Whether the channel number is actually valid is {@link
 * ChannelNumbers}' call, made when the ChannelData is decoded.
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
    if (b >= 64 && b <= 127) {
      return PacketKind.CHANNEL_DATA;
    }
    if (b >= 128 && b <= 191) {
      return PacketKind.RTP_RTCP;
    }
    return PacketKind.UNKNOWN;
  }
}

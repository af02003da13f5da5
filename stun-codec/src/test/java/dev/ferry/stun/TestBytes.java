package dev.ferry.stun;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;

/** Test helpers for turning hex dumps into buffers. */
public final class TestBytes {
  private TestBytes() {}

  /** Parses an RFC 5769 style dump: each line starts with four hex bytes, the rest is comment. */
  public static byte[] fromDump(String dump) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String line : dump.split("\n")) {
      String[] tokens = line.trim().split("\\s+");
      if (tokens.length < 4) {
        continue;
      }
      for (int i = 0; i < 4; i++) {
        out.write(Integer.parseInt(tokens[i], 16));
      }
    }
    return out.toByteArray();
  }

  /** Parses plain hex (whitespace ignored). */
  public static byte[] hex(String hex) {
    String h = hex.replaceAll("\\s+", "");
    byte[] b = new byte[h.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }

  /**
   * A buffer whose readable window holds {@code bytes}, surrounded by poison bytes (0xEE) before
   * the reader index and after the writer index, to catch reads outside the window.
   */
  public static ByteBuf windowed(byte[] bytes) {
    ByteBuf buf = Unpooled.buffer(bytes.length + 64);
    buf.writeBytes(new byte[] {(byte) 0xEE, (byte) 0xEE, (byte) 0xEE, (byte) 0xEE, (byte) 0xEE});
    buf.readerIndex(5);
    buf.writeBytes(bytes);
    int end = buf.writerIndex();
    for (int i = 0; i < 32; i++) {
      buf.writeByte(0xEE);
    }
    buf.writerIndex(end);
    return buf;
  }

  /** Readable bytes of {@code buf} as an array (indices untouched). */
  public static byte[] bytes(ByteBuf buf) {
    byte[] b = new byte[buf.readableBytes()];
    buf.getBytes(buf.readerIndex(), b);
    return b;
  }
}

package dev.ferry.stun.attribute;

import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;
import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/** Shared value formats: (XOR-)address, UTF-8 text, fixed-size integers. */
final class AttributeCodec {
  /** Largest UTF-8 text value a reader accepts (RFC 8489 §14.3: "as long as 763 bytes"). */
  static final int MAX_TEXT_BYTES = 763;

  private static final int PORT_MASK = StunMessage.MAGIC_COOKIE >>> 16;

  /**
   * Whether {@link Inet4Address#hashCode()} is the address as an int in network order, which lets
   * IPv4 writes read the address without {@link InetAddress#getAddress()}'s array clone. OpenJDK
   * has implemented it that way since 1.0, but the Javadoc does not promise it, so it is checked
   * once here and the cloning path is kept for a JVM where it differs.
   */
  static final boolean IPV4_HASH_IS_ADDRESS = ipv4HashIsAddress();

  private AttributeCodec() {}

  static InetSocketAddress readAddress(StunMessage m, int type, boolean xor) {
    int i = m.indexOf(type);
    return i < 0 ? null : readAddressAt(m, i, type, xor);
  }

  static InetSocketAddress readAddressAt(StunMessage m, int index, int type, boolean xor) {
    if (index < 0 || index >= m.attributeCount() || m.attributeTypeAt(index) != type) {
      return null;
    }
    ByteBuf buf = m.buffer();
    int off = m.valueOffsetAt(index);
    int len = m.valueLengthAt(index);
    if (len < 4) {
      return null;
    }
    int family = buf.getUnsignedByte(off + 1);
    int addressLength = AddressFamily.addressLength(family);
    if (addressLength < 0 || len != 4 + addressLength) {
      return null;
    }
    int port = buf.getUnsignedShort(off + 2);
    byte[] address = new byte[addressLength];
    buf.getBytes(off + 4, address);
    if (xor) {
      port ^= PORT_MASK;
      xorAddress(address, buf, m.messageOffset());
    }
    try {
      InetAddress ip =
          family == AddressFamily.IPV4
              ? InetAddress.getByAddress(address)
              : Inet6Address.getByAddress(null, address, -1);
      return new InetSocketAddress(ip, port);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** XORs an address with the cookie (IPv4) or cookie || transaction ID (IPv6) of a message. */
  static void xorAddress(byte[] address, ByteBuf message, int messageStart) {
    int cookie = StunMessage.MAGIC_COOKIE;
    for (int k = 0; k < address.length; k++) {
      int mask =
          k < 4 ? (cookie >>> (24 - 8 * k)) & 0xFF : message.getUnsignedByte(messageStart + 4 + k);
      address[k] ^= (byte) mask;
    }
  }

  static void writeAddress(StunWriter w, int type, InetSocketAddress socketAddress, boolean xor) {
    InetAddress ip = socketAddress.getAddress();
    if (ip == null) {
      throw new IllegalArgumentException("unresolved address: " + socketAddress);
    }
    int port = socketAddress.getPort();
    if (ip instanceof Inet4Address && IPV4_HASH_IS_ADDRESS) {
      writeIpv4(w, type, ip.hashCode(), port, xor);
      return;
    }
    // getAddress() clones (16 bytes for IPv6): callers on the hot path use the primitive forms.
    byte[] address = ip.getAddress();
    if (address.length == 4) {
      writeIpv4(w, type, (int) readLong(address, 0, 4), port, xor);
    } else {
      writeIpv6(w, type, readLong(address, 0, 8), readLong(address, 8, 8), port, xor);
    }
  }

  /** Writes an IPv4 address given as its 32 bits in network order (192.0.2.1 = 0xC0000201). */
  static void writeIpv4(StunWriter w, int type, int address, int port, boolean xor) {
    checkPort(port);
    if (xor) {
      port ^= PORT_MASK;
      address ^= StunMessage.MAGIC_COOKIE;
    }
    int at = w.openAttribute(type);
    ByteBuf out = w.buffer();
    out.writeByte(0);
    out.writeByte(AddressFamily.IPV4);
    out.writeShort(port);
    out.writeInt(address);
    w.closeAttribute(at);
  }

  /** Writes an IPv6 address given as its first and last 64 bits in network order. */
  static void writeIpv6(StunWriter w, int type, long high, long low, int port, boolean xor) {
    checkPort(port);
    ByteBuf out = w.buffer();
    if (xor) {
      // RFC 8489 §14.2: XOR with the magic cookie followed by the 96-bit transaction ID.
      int start = w.messageStart();
      port ^= PORT_MASK;
      high ^= ((long) StunMessage.MAGIC_COOKIE << 32) | out.getUnsignedInt(start + 8);
      low ^= out.getLong(start + 12);
    }
    int at = w.openAttribute(type);
    out.writeByte(0);
    out.writeByte(AddressFamily.IPV6);
    out.writeShort(port);
    out.writeLong(high);
    out.writeLong(low);
    w.closeAttribute(at);
  }

  private static void checkPort(int port) {
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  private static long readLong(byte[] bytes, int from, int count) {
    long v = 0;
    for (int k = from; k < from + count; k++) {
      v = (v << 8) | (bytes[k] & 0xFF);
    }
    return v;
  }

  private static boolean ipv4HashIsAddress() {
    try {
      byte[][] samples = {{(byte) 192, 0, 2, 1}, {(byte) 255, (byte) 254, (byte) 128, 127}};
      for (byte[] sample : samples) {
        if (InetAddress.getByAddress(sample).hashCode() != (int) readLong(sample, 0, 4)) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** UTF-8 text of the first {@code type} value, or null if absent, too long or not UTF-8. */
  static String readText(StunMessage m, int type, int maxBytes) {
    int i = m.indexOf(type);
    if (i < 0) {
      return null;
    }
    ByteBuf buf = m.buffer();
    int off = m.valueOffsetAt(i);
    int len = m.valueLengthAt(i);
    if (len > maxBytes || !isUtf8(buf, off, len)) {
      return null;
    }
    return buf.toString(off, len, StandardCharsets.UTF_8);
  }

  static void writeText(StunWriter w, int type, String text, int maxChars, int maxBytes) {
    w.attribute(type, encodeText(type, text, maxChars, maxBytes));
  }

  /** The UTF-8 bytes of {@code text}, checked against the attribute's limits. */
  static byte[] encodeText(int type, String text, int maxChars, int maxBytes) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > maxBytes || text.codePointCount(0, text.length()) > maxChars) {
      throw new IllegalArgumentException(
          "text too long for attribute 0x" + Integer.toHexString(type) + ": " + bytes.length);
    }
    return bytes;
  }

  /** Writes already-encoded text after checking it is UTF-8 within the attribute's limits. */
  static void writeEncodedText(StunWriter w, int type, byte[] utf8, int maxChars, int maxBytes) {
    int chars = utf8.length > maxBytes ? -1 : codePoints(null, utf8, 0, utf8.length);
    if (chars < 0 || chars > maxChars) {
      throw new IllegalArgumentException(
          "not UTF-8 within the limits of attribute 0x" + Integer.toHexString(type));
    }
    w.attribute(type, utf8);
  }

  /** Strict UTF-8 check (no overlong forms, surrogates or code points above U+10FFFF). */
  static boolean isUtf8(ByteBuf buf, int off, int len) {
    return codePoints(buf, null, off, len) >= 0;
  }

  /**
   * The number of code points in strict UTF-8 at {@code off} in {@code buf}, or in {@code array}
   * when {@code buf} is null; -1 if the bytes are not UTF-8.
   */
  private static int codePoints(ByteBuf buf, byte[] array, int off, int len) {
    int end = off + len;
    int i = off;
    int count = 0;
    while (i < end) {
      int b = buf != null ? buf.getUnsignedByte(i) : array[i] & 0xFF;
      count++;
      if (b < 0x80) {
        i++;
        continue;
      }
      int need;
      int min;
      int cp;
      if (b >= 0xC2 && b <= 0xDF) {
        need = 1;
        min = 0x80;
        cp = b & 0x1F;
      } else if (b >= 0xE0 && b <= 0xEF) {
        need = 2;
        min = 0x800;
        cp = b & 0x0F;
      } else if (b >= 0xF0 && b <= 0xF4) {
        need = 3;
        min = 0x10000;
        cp = b & 0x07;
      } else {
        return -1;
      }
      if (end - i - 1 < need) {
        return -1;
      }
      for (int k = 1; k <= need; k++) {
        int c = buf != null ? buf.getUnsignedByte(i + k) : array[i + k] & 0xFF;
        if ((c & 0xC0) != 0x80) {
          return -1;
        }
        cp = (cp << 6) | (c & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return -1;
      }
      i += need + 1;
    }
    return count;
  }

  /** The unsigned 32-bit value of the first {@code type}, or -1 if absent or not 4 bytes. */
  static long readUnsignedInt(StunMessage m, int type) {
    int i = m.indexOf(type);
    if (i < 0 || m.valueLengthAt(i) != 4) {
      return -1;
    }
    return m.buffer().getUnsignedInt(m.valueOffsetAt(i));
  }

  /** Bytes of the first {@code type} when its value is exactly {@code length} long, else null. */
  static byte[] readFixedBytes(StunMessage m, int type, int length) {
    int i = m.indexOf(type);
    if (i < 0 || m.valueLengthAt(i) != length) {
      return null;
    }
    byte[] value = new byte[length];
    m.buffer().getBytes(m.valueOffsetAt(i), value);
    return value;
  }
}

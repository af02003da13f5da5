package dev.ferry.stun.attribute;

import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;
import io.netty.buffer.ByteBuf;
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
    byte[] address = ip.getAddress();
    int port = socketAddress.getPort();
    if (xor) {
      port ^= PORT_MASK;
      xorAddress(address, w.buffer(), w.messageStart());
    }
    int at = w.openAttribute(type);
    ByteBuf out = w.buffer();
    out.writeByte(0);
    out.writeByte(address.length == 4 ? AddressFamily.IPV4 : AddressFamily.IPV6);
    out.writeShort(port);
    out.writeBytes(address);
    w.closeAttribute(at);
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
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > maxBytes || text.codePointCount(0, text.length()) > maxChars) {
      throw new IllegalArgumentException(
          "text too long for attribute 0x" + Integer.toHexString(type) + ": " + bytes.length);
    }
    w.attribute(type, bytes);
  }

  /** Strict UTF-8 check (no overlong forms, surrogates or code points above U+10FFFF). */
  static boolean isUtf8(ByteBuf buf, int off, int len) {
    int end = off + len;
    int i = off;
    while (i < end) {
      int b = buf.getUnsignedByte(i);
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
        return false;
      }
      if (end - i - 1 < need) {
        return false;
      }
      for (int k = 1; k <= need; k++) {
        int c = buf.getUnsignedByte(i + k);
        if ((c & 0xC0) != 0x80) {
          return false;
        }
        cp = (cp << 6) | (c & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return false;
      }
      i += need + 1;
    }
    return true;
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

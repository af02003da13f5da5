package dev.ferry.stun;

/**
 * STUN method code points (RFC 8489 §18.2, RFC 8656 §17, RFC 6062 §6.1) and the message-type
 * arithmetic that interleaves a method with a class (RFC 8489 §5).
 */
public final class StunMethod {
  public static final int BINDING = 0x001;
  public static final int ALLOCATE = 0x003;
  public static final int REFRESH = 0x004;
  public static final int SEND = 0x006;
  public static final int DATA = 0x007;
  public static final int CREATE_PERMISSION = 0x008;
  public static final int CHANNEL_BIND = 0x009;
  public static final int CONNECT = 0x00A;
  public static final int CONNECTION_BIND = 0x00B;
  public static final int CONNECTION_ATTEMPT = 0x00C;

  /** Largest method number: methods are 12 bits. */
  public static final int MAX = 0xFFF;

  private StunMethod() {}

  /** The 14-bit message type for {@code method} in class {@code messageClass}. */
  public static int messageType(int method, MessageClass messageClass) {
    int m = method & MAX;
    int c = messageClass.bits();
    return ((m & 0xF80) << 2)
        | ((m & 0x070) << 1)
        | (m & 0x00F)
        | ((c & 0b10) << 7)
        | ((c & 0b01) << 4);
  }

  /** The method encoded in a message type. */
  public static int methodOf(int messageType) {
    return ((messageType & 0x3E00) >> 2) | ((messageType & 0x00E0) >> 1) | (messageType & 0x000F);
  }

  /** The class encoded in a message type. */
  public static MessageClass classOf(int messageType) {
    return MessageClass.ofBits(((messageType >> 7) & 0b10) | ((messageType >> 4) & 0b01));
  }

  /** True for every method this codec has a constant for. */
  public static boolean isKnown(int method) {
    return method == BINDING || (method >= ALLOCATE && method <= CONNECTION_ATTEMPT && method != 5);
  }

  /** The registry name of {@code method}, or {@code "0x..."} for an unknown one (for logs). */
  public static String name(int method) {
    switch (method) {
      case BINDING:
        return "Binding";
      case ALLOCATE:
        return "Allocate";
      case REFRESH:
        return "Refresh";
      case SEND:
        return "Send";
      case DATA:
        return "Data";
      case CREATE_PERMISSION:
        return "CreatePermission";
      case CHANNEL_BIND:
        return "ChannelBind";
      case CONNECT:
        return "Connect";
      case CONNECTION_BIND:
        return "ConnectionBind";
      case CONNECTION_ATTEMPT:
        return "ConnectionAttempt";
      default:
        return String.format("0x%03X", method);
    }
  }
}

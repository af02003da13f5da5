package dev.ferry.stun;

/**
 * STUN attribute type code points from every RFC Ferry speaks, with their registry names and the
 * comprehension-required rule (RFC 8489 §14, §18.3).
 */
public final class AttributeType {
  // RFC 8489 §18.3, comprehension-required range.
  public static final int MAPPED_ADDRESS = 0x0001;
  public static final int USERNAME = 0x0006;
  public static final int MESSAGE_INTEGRITY = 0x0008;
  public static final int ERROR_CODE = 0x0009;
  public static final int UNKNOWN_ATTRIBUTES = 0x000A;
  public static final int REALM = 0x0014;
  public static final int NONCE = 0x0015;
  public static final int MESSAGE_INTEGRITY_SHA256 = 0x001C;
  public static final int PASSWORD_ALGORITHM = 0x001D;
  public static final int USERHASH = 0x001E;
  public static final int XOR_MAPPED_ADDRESS = 0x0020;
  // RFC 8489 §18.3, comprehension-optional range.
  public static final int PASSWORD_ALGORITHMS = 0x8002;
  public static final int ALTERNATE_DOMAIN = 0x8003;
  public static final int SOFTWARE = 0x8022;
  public static final int ALTERNATE_SERVER = 0x8023;
  public static final int FINGERPRINT = 0x8028;
  // RFC 8656 §18.
  public static final int CHANNEL_NUMBER = 0x000C;
  public static final int LIFETIME = 0x000D;
  public static final int XOR_PEER_ADDRESS = 0x0012;
  public static final int DATA = 0x0013;
  public static final int XOR_RELAYED_ADDRESS = 0x0016;
  public static final int REQUESTED_ADDRESS_FAMILY = 0x0017;
  public static final int EVEN_PORT = 0x0018;
  public static final int REQUESTED_TRANSPORT = 0x0019;
  public static final int DONT_FRAGMENT = 0x001A;
  public static final int RESERVATION_TOKEN = 0x0022;
  public static final int ADDITIONAL_ADDRESS_FAMILY = 0x8000;
  public static final int ADDRESS_ERROR_CODE = 0x8001;
  public static final int ICMP = 0x8004;
  // RFC 6062 §6.2.
  public static final int CONNECTION_ID = 0x002A;
  // RFC 5780 §9.1.
  public static final int CHANGE_REQUEST = 0x0003;
  public static final int PADDING = 0x0026;
  public static final int RESPONSE_PORT = 0x0027;
  public static final int RESPONSE_ORIGIN = 0x802B;
  public static final int OTHER_ADDRESS = 0x802C;
  // RFC 8016 §4.
  public static final int MOBILITY_TICKET = 0x8030;
  // RFC 7635 §6.
  public static final int ACCESS_TOKEN = 0x001B;
  public static final int THIRD_PARTY_AUTHORIZATION = 0x802E;
  // RFC 8445 §16.1: ICE connectivity checks are Binding requests that carry these.
  public static final int PRIORITY = 0x0024;
  public static final int USE_CANDIDATE = 0x0025;
  public static final int ICE_CONTROLLED = 0x8029;
  public static final int ICE_CONTROLLING = 0x802A;

  private static final int[] ALL = {
    MAPPED_ADDRESS,
    USERNAME,
    MESSAGE_INTEGRITY,
    ERROR_CODE,
    UNKNOWN_ATTRIBUTES,
    REALM,
    NONCE,
    MESSAGE_INTEGRITY_SHA256,
    PASSWORD_ALGORITHM,
    USERHASH,
    XOR_MAPPED_ADDRESS,
    PASSWORD_ALGORITHMS,
    ALTERNATE_DOMAIN,
    SOFTWARE,
    ALTERNATE_SERVER,
    FINGERPRINT,
    CHANNEL_NUMBER,
    LIFETIME,
    XOR_PEER_ADDRESS,
    DATA,
    XOR_RELAYED_ADDRESS,
    REQUESTED_ADDRESS_FAMILY,
    EVEN_PORT,
    REQUESTED_TRANSPORT,
    DONT_FRAGMENT,
    RESERVATION_TOKEN,
    ADDITIONAL_ADDRESS_FAMILY,
    ADDRESS_ERROR_CODE,
    ICMP,
    CONNECTION_ID,
    CHANGE_REQUEST,
    PADDING,
    RESPONSE_PORT,
    RESPONSE_ORIGIN,
    OTHER_ADDRESS,
    MOBILITY_TICKET,
    ACCESS_TOKEN,
    THIRD_PARTY_AUTHORIZATION,
    PRIORITY,
    USE_CANDIDATE,
    ICE_CONTROLLED,
    ICE_CONTROLLING
  };

  /** Bit {@code t} is set for each known type {@code t}: 8 KiB for a constant-time look-up. */
  private static final long[] KNOWN = new long[0x10000 >>> 6];

  static {
    for (int t : ALL) {
      KNOWN[t >>> 6] |= 1L << t;
    }
  }

  private AttributeType() {}

  /** True for types 0x0000-0x7FFF, which an agent must understand or reject (RFC 8489 §14). */
  public static boolean isComprehensionRequired(int type) {
    return (type & 0xFFFF) < 0x8000;
  }

  /** True if this codec has a constant for {@code type}. */
  public static boolean isKnown(int type) {
    return (type & ~0xFFFF) == 0 && (KNOWN[type >>> 6] & (1L << type)) != 0;
  }

  /** A copy of every attribute type this codec knows. */
  public static int[] all() {
    return ALL.clone();
  }

  /** The registry name of {@code type}, or {@code "0x...."} for an unknown one (for logs). */
  public static String name(int type) {
    switch (type) {
      case MAPPED_ADDRESS:
        return "MAPPED-ADDRESS";
      case USERNAME:
        return "USERNAME";
      case MESSAGE_INTEGRITY:
        return "MESSAGE-INTEGRITY";
      case ERROR_CODE:
        return "ERROR-CODE";
      case UNKNOWN_ATTRIBUTES:
        return "UNKNOWN-ATTRIBUTES";
      case REALM:
        return "REALM";
      case NONCE:
        return "NONCE";
      case MESSAGE_INTEGRITY_SHA256:
        return "MESSAGE-INTEGRITY-SHA256";
      case PASSWORD_ALGORITHM:
        return "PASSWORD-ALGORITHM";
      case USERHASH:
        return "USERHASH";
      case XOR_MAPPED_ADDRESS:
        return "XOR-MAPPED-ADDRESS";
      case PASSWORD_ALGORITHMS:
        return "PASSWORD-ALGORITHMS";
      case ALTERNATE_DOMAIN:
        return "ALTERNATE-DOMAIN";
      case SOFTWARE:
        return "SOFTWARE";
      case ALTERNATE_SERVER:
        return "ALTERNATE-SERVER";
      case FINGERPRINT:
        return "FINGERPRINT";
      case CHANNEL_NUMBER:
        return "CHANNEL-NUMBER";
      case LIFETIME:
        return "LIFETIME";
      case XOR_PEER_ADDRESS:
        return "XOR-PEER-ADDRESS";
      case DATA:
        return "DATA";
      case XOR_RELAYED_ADDRESS:
        return "XOR-RELAYED-ADDRESS";
      case REQUESTED_ADDRESS_FAMILY:
        return "REQUESTED-ADDRESS-FAMILY";
      case EVEN_PORT:
        return "EVEN-PORT";
      case REQUESTED_TRANSPORT:
        return "REQUESTED-TRANSPORT";
      case DONT_FRAGMENT:
        return "DONT-FRAGMENT";
      case RESERVATION_TOKEN:
        return "RESERVATION-TOKEN";
      case ADDITIONAL_ADDRESS_FAMILY:
        return "ADDITIONAL-ADDRESS-FAMILY";
      case ADDRESS_ERROR_CODE:
        return "ADDRESS-ERROR-CODE";
      case ICMP:
        return "ICMP";
      case CONNECTION_ID:
        return "CONNECTION-ID";
      case CHANGE_REQUEST:
        return "CHANGE-REQUEST";
      case PADDING:
        return "PADDING";
      case RESPONSE_PORT:
        return "RESPONSE-PORT";
      case RESPONSE_ORIGIN:
        return "RESPONSE-ORIGIN";
      case OTHER_ADDRESS:
        return "OTHER-ADDRESS";
      case MOBILITY_TICKET:
        return "MOBILITY-TICKET";
      case ACCESS_TOKEN:
        return "ACCESS-TOKEN";
      case THIRD_PARTY_AUTHORIZATION:
        return "THIRD-PARTY-AUTHORIZATION";
      case PRIORITY:
        return "PRIORITY";
      case USE_CANDIDATE:
        return "USE-CANDIDATE";
      case ICE_CONTROLLED:
        return "ICE-CONTROLLED";
      case ICE_CONTROLLING:
        return "ICE-CONTROLLING";
      default:
        return String.format("0x%04X", type);
    }
  }
}

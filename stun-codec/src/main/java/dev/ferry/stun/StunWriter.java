package dev.ferry.stun;

import dev.ferry.stun.attribute.AdditionalAddressFamily;
import dev.ferry.stun.attribute.AddressErrorCode;
import dev.ferry.stun.attribute.AlternateDomain;
import dev.ferry.stun.attribute.AlternateServer;
import dev.ferry.stun.attribute.ChangeRequest;
import dev.ferry.stun.attribute.ChannelNumber;
import dev.ferry.stun.attribute.ConnectionId;
import dev.ferry.stun.attribute.Data;
import dev.ferry.stun.attribute.DontFragment;
import dev.ferry.stun.attribute.ErrorCode;
import dev.ferry.stun.attribute.EvenPort;
import dev.ferry.stun.attribute.Icmp;
import dev.ferry.stun.attribute.Lifetime;
import dev.ferry.stun.attribute.MappedAddress;
import dev.ferry.stun.attribute.MobilityTicket;
import dev.ferry.stun.attribute.Nonce;
import dev.ferry.stun.attribute.OtherAddress;
import dev.ferry.stun.attribute.Padding;
import dev.ferry.stun.attribute.PasswordAlgorithmAttribute;
import dev.ferry.stun.attribute.PasswordAlgorithms;
import dev.ferry.stun.attribute.Realm;
import dev.ferry.stun.attribute.RequestedAddressFamily;
import dev.ferry.stun.attribute.RequestedTransport;
import dev.ferry.stun.attribute.ReservationToken;
import dev.ferry.stun.attribute.ResponseOrigin;
import dev.ferry.stun.attribute.ResponsePort;
import dev.ferry.stun.attribute.Software;
import dev.ferry.stun.attribute.ThirdPartyAuthorization;
import dev.ferry.stun.attribute.UnknownAttributes;
import dev.ferry.stun.attribute.UserHashAttribute;
import dev.ferry.stun.attribute.Username;
import dev.ferry.stun.attribute.XorMappedAddress;
import dev.ferry.stun.attribute.XorPeerAddress;
import dev.ferry.stun.attribute.XorRelayedAddress;
import dev.ferry.stun.integrity.Fingerprint;
import dev.ferry.stun.integrity.MessageIntegrity;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.Random;

/**
 * Builds one STUN message straight into a caller-supplied buffer (RFC 8489 §5, §14): attributes are
 * appended with zero padding and the header Length is kept correct after every append, so the
 * buffer holds a valid message at all times. MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and
 * FINGERPRINT go last, in that order.
 *
 * <p>The writer is reusable ({@code begin*} resets it) and does not own the buffer: the caller
 * allocates it (e.g. {@code ctx.alloc().buffer()}) and releases or sends it. Misuse (appending
 * after FINGERPRINT, values out of range, an oversized message) is a bug and throws.
 */
public final class StunWriter {
  private ByteBuf out;
  private int start = -1;
  private boolean closed;
  private final byte[] macScratch = new byte[MessageIntegrity.SHA256_LENGTH];
  // SOFTWARE is usually one fixed string: encode it once per writer, not once per response.
  private String lastSoftware;
  private byte[] lastSoftwareUtf8;

  /** An idle writer; call one of the {@code begin} methods. */
  public StunWriter() {}

  /** Starts a message with the magic cookie and {@code transactionId} (12 bytes). */
  public StunWriter begin(
      ByteBuf buffer, int method, MessageClass messageClass, byte[] transactionId) {
    if (transactionId.length != StunMessage.TRANSACTION_ID_LENGTH) {
      throw new IllegalArgumentException("transaction ID must be 12 bytes");
    }
    header(buffer, StunMethod.messageType(method, messageClass));
    out.writeInt(StunMessage.MAGIC_COOKIE);
    out.writeBytes(transactionId);
    return this;
  }

  /** Starts a message with the magic cookie and a transaction ID drawn from {@code random}. */
  public StunWriter begin(ByteBuf buffer, int method, MessageClass messageClass, Random random) {
    header(buffer, StunMethod.messageType(method, messageClass));
    out.writeInt(StunMessage.MAGIC_COOKIE);
    out.writeInt(random.nextInt());
    out.writeInt(random.nextInt());
    out.writeInt(random.nextInt());
    return this;
  }

  /**
   * Starts a response of {@code messageClass} to {@code request}: same method, and the request's
   * cookie field and transaction ID copied verbatim (so an RFC 3489 client gets its bytes back).
   */
  public StunWriter beginResponse(ByteBuf buffer, StunMessage request, MessageClass messageClass) {
    header(buffer, StunMethod.messageType(request.method(), messageClass));
    request.writeCookieAndTransactionId(out);
    return this;
  }

  private void header(ByteBuf buffer, int messageType) {
    this.out = buffer;
    this.start = buffer.writerIndex();
    this.closed = false;
    buffer.writeShort(messageType);
    buffer.writeShort(0);
  }

  /** The buffer being written. */
  public ByteBuf buffer() {
    checkStarted();
    return out;
  }

  /** Buffer index of the message's first byte. */
  public int messageStart() {
    checkStarted();
    return start;
  }

  /** The current header Length (bytes after the header). */
  public int bodyLength() {
    checkStarted();
    return out.writerIndex() - start - StunMessage.HEADER_LENGTH;
  }

  private void checkStarted() {
    if (out == null) {
      throw new IllegalStateException("begin() first");
    }
  }

  // ---- raw attributes ----

  /**
   * Writes an attribute header for {@code type} and returns its index; the caller then writes the
   * value into {@link #buffer()} and calls {@link #closeAttribute}. For attribute writers.
   */
  public int openAttribute(int type) {
    checkStarted();
    if (closed) {
      throw new IllegalStateException("nothing may follow FINGERPRINT");
    }
    int at = out.writerIndex();
    out.writeShort(type);
    out.writeShort(0);
    return at;
  }

  /** Fixes the attribute's length, pads its value with zeros and updates the header Length. */
  public StunWriter closeAttribute(int attributeIndex) {
    int valueLength = out.writerIndex() - attributeIndex - 4;
    if (valueLength > 0xFFFF) {
      throw new IllegalStateException("attribute value too long: " + valueLength);
    }
    out.setShort(attributeIndex + 2, valueLength);
    out.writeZero((4 - (valueLength & 3)) & 3);
    int body = out.writerIndex() - start - StunMessage.HEADER_LENGTH;
    if (body > 0xFFFF) {
      throw new IllegalStateException("message too long: " + body);
    }
    out.setShort(start + 2, body);
    return this;
  }

  /** Appends an attribute whose value is {@code value}. */
  public StunWriter attribute(int type, byte[] value) {
    return attribute(type, value, 0, value.length);
  }

  /**
   * Appends an attribute whose value is {@code length} bytes of {@code value} at {@code offset}.
   */
  public StunWriter attribute(int type, byte[] value, int offset, int length) {
    int at = openAttribute(type);
    out.writeBytes(value, offset, length);
    return closeAttribute(at);
  }

  /**
   * Appends an attribute whose value is the readable bytes of {@code value} (indices untouched).
   */
  public StunWriter attribute(int type, ByteBuf value) {
    int at = openAttribute(type);
    out.writeBytes(value, value.readerIndex(), value.readableBytes());
    return closeAttribute(at);
  }

  /** Appends an attribute whose value is the 4-byte big-endian {@code value}. */
  public StunWriter attributeInt(int type, int value) {
    int at = openAttribute(type);
    out.writeInt(value);
    return closeAttribute(at);
  }

  // ---- integrity, always last ----

  /**
   * Appends MESSAGE-INTEGRITY: HMAC-SHA1 with {@code key} over everything so far (RFC 8489 §14.5).
   */
  public StunWriter messageIntegrity(byte[] key) {
    int at = openAttribute(AttributeType.MESSAGE_INTEGRITY);
    int patched = at - start - StunMessage.HEADER_LENGTH + 4 + MessageIntegrity.SHA1_LENGTH;
    MessageIntegrity.computeSha1(key, out, start, at, patched, macScratch, 0);
    out.writeBytes(macScratch, 0, MessageIntegrity.SHA1_LENGTH);
    return closeAttribute(at);
  }

  /** Appends a full 32-byte MESSAGE-INTEGRITY-SHA256 with {@code key} (RFC 8489 §14.6). */
  public StunWriter messageIntegritySha256(byte[] key) {
    int at = openAttribute(AttributeType.MESSAGE_INTEGRITY_SHA256);
    int patched = at - start - StunMessage.HEADER_LENGTH + 4 + MessageIntegrity.SHA256_LENGTH;
    MessageIntegrity.computeSha256(key, out, start, at, patched, macScratch, 0);
    out.writeBytes(macScratch, 0, MessageIntegrity.SHA256_LENGTH);
    return closeAttribute(at);
  }

  /** Appends FINGERPRINT (RFC 8489 §14.7); the message is complete afterwards. */
  public StunWriter fingerprint() {
    int at = openAttribute(AttributeType.FINGERPRINT);
    // The CRC covers a header whose Length already counts the 8-byte FINGERPRINT.
    out.setShort(start + 2, at - start - StunMessage.HEADER_LENGTH + 8);
    out.writeInt(Fingerprint.compute(out, start, at - start));
    closeAttribute(at);
    closed = true;
    return this;
  }

  // ---- typed attributes (RFC 8489) ----

  /** Appends MAPPED-ADDRESS. */
  public StunWriter mappedAddress(InetSocketAddress address) {
    MappedAddress.write(this, address);
    return this;
  }

  /** Appends XOR-MAPPED-ADDRESS. */
  public StunWriter xorMappedAddress(InetSocketAddress address) {
    XorMappedAddress.write(this, address);
    return this;
  }

  /**
   * Appends XOR-MAPPED-ADDRESS for an IPv4 address given as its 32 bits in network order, without
   * allocating.
   */
  public StunWriter xorMappedAddress(int ipv4, int port) {
    XorMappedAddress.writeIpv4(this, ipv4, port);
    return this;
  }

  /**
   * Appends XOR-MAPPED-ADDRESS for an IPv6 address given as its first and last 64 bits in network
   * order, without allocating.
   */
  public StunWriter xorMappedAddress(long ipv6High, long ipv6Low, int port) {
    XorMappedAddress.writeIpv6(this, ipv6High, ipv6Low, port);
    return this;
  }

  /** Appends USERNAME. */
  public StunWriter username(String username) {
    Username.write(this, username);
    return this;
  }

  /** Appends USERHASH (32 bytes). */
  public StunWriter userhash(byte[] hash) {
    UserHashAttribute.write(this, hash);
    return this;
  }

  /** Appends ERROR-CODE with the registry reason phrase. */
  public StunWriter errorCode(int code) {
    ErrorCode.write(this, code);
    return this;
  }

  /** Appends ERROR-CODE with {@code reason}. */
  public StunWriter errorCode(int code, String reason) {
    ErrorCode.write(this, code, reason);
    return this;
  }

  /** Appends REALM. */
  public StunWriter realm(String realm) {
    Realm.write(this, realm);
    return this;
  }

  /** Appends NONCE. */
  public StunWriter nonce(String nonce) {
    Nonce.write(this, nonce);
    return this;
  }

  /** Appends PASSWORD-ALGORITHM with empty parameters. */
  public StunWriter passwordAlgorithm(int algorithm) {
    PasswordAlgorithmAttribute.write(this, algorithm);
    return this;
  }

  /** Appends PASSWORD-ALGORITHMS, each with empty parameters. */
  public StunWriter passwordAlgorithms(int... algorithms) {
    PasswordAlgorithms.write(this, algorithms);
    return this;
  }

  /** Appends UNKNOWN-ATTRIBUTES listing the first {@code count} of {@code types}. */
  public StunWriter unknownAttributes(int[] types, int count) {
    UnknownAttributes.write(this, types, count);
    return this;
  }

  /** Appends SOFTWARE; the UTF-8 form of the last string given is kept, so a repeat is free. */
  public StunWriter software(String software) {
    if (!software.equals(lastSoftware)) {
      lastSoftwareUtf8 = Software.encode(software);
      lastSoftware = software;
    }
    return attribute(AttributeType.SOFTWARE, lastSoftwareUtf8);
  }

  /** Appends SOFTWARE from its UTF-8 bytes (see {@link Software#encode}). */
  public StunWriter software(byte[] utf8) {
    Software.write(this, utf8);
    return this;
  }

  /** Appends ALTERNATE-SERVER. */
  public StunWriter alternateServer(InetSocketAddress address) {
    AlternateServer.write(this, address);
    return this;
  }

  /** Appends ALTERNATE-DOMAIN. */
  public StunWriter alternateDomain(String domain) {
    AlternateDomain.write(this, domain);
    return this;
  }

  // ---- typed attributes (RFC 8656) ----

  /** Appends CHANNEL-NUMBER. */
  public StunWriter channelNumber(int channel) {
    ChannelNumber.write(this, channel);
    return this;
  }

  /** Appends LIFETIME in seconds. */
  public StunWriter lifetime(long seconds) {
    Lifetime.write(this, seconds);
    return this;
  }

  /** Appends XOR-PEER-ADDRESS. */
  public StunWriter xorPeerAddress(InetSocketAddress address) {
    XorPeerAddress.write(this, address);
    return this;
  }

  /**
   * Appends XOR-PEER-ADDRESS for an IPv4 address given as its 32 bits in network order, without
   * allocating.
   */
  public StunWriter xorPeerAddress(int ipv4, int port) {
    XorPeerAddress.writeIpv4(this, ipv4, port);
    return this;
  }

  /**
   * Appends XOR-PEER-ADDRESS for an IPv6 address given as its first and last 64 bits in network
   * order, without allocating.
   */
  public StunWriter xorPeerAddress(long ipv6High, long ipv6Low, int port) {
    XorPeerAddress.writeIpv6(this, ipv6High, ipv6Low, port);
    return this;
  }

  /** Appends DATA with the readable bytes of {@code payload} (indices untouched). */
  public StunWriter data(ByteBuf payload) {
    Data.write(this, payload);
    return this;
  }

  /** Appends XOR-RELAYED-ADDRESS. */
  public StunWriter xorRelayedAddress(InetSocketAddress address) {
    XorRelayedAddress.write(this, address);
    return this;
  }

  /**
   * Appends XOR-RELAYED-ADDRESS for an IPv4 address given as its 32 bits in network order, without
   * allocating.
   */
  public StunWriter xorRelayedAddress(int ipv4, int port) {
    XorRelayedAddress.writeIpv4(this, ipv4, port);
    return this;
  }

  /**
   * Appends XOR-RELAYED-ADDRESS for an IPv6 address given as its first and last 64 bits in network
   * order, without allocating.
   */
  public StunWriter xorRelayedAddress(long ipv6High, long ipv6Low, int port) {
    XorRelayedAddress.writeIpv6(this, ipv6High, ipv6Low, port);
    return this;
  }

  /** Appends REQUESTED-ADDRESS-FAMILY. */
  public StunWriter requestedAddressFamily(int family) {
    RequestedAddressFamily.write(this, family);
    return this;
  }

  /** Appends EVEN-PORT. */
  public StunWriter evenPort(boolean reserveNext) {
    EvenPort.write(this, reserveNext);
    return this;
  }

  /** Appends REQUESTED-TRANSPORT. */
  public StunWriter requestedTransport(int protocol) {
    RequestedTransport.write(this, protocol);
    return this;
  }

  /** Appends DONT-FRAGMENT. */
  public StunWriter dontFragment() {
    DontFragment.write(this);
    return this;
  }

  /** Appends RESERVATION-TOKEN. */
  public StunWriter reservationToken(long token) {
    ReservationToken.write(this, token);
    return this;
  }

  /** Appends ADDITIONAL-ADDRESS-FAMILY. */
  public StunWriter additionalAddressFamily(int family) {
    AdditionalAddressFamily.write(this, family);
    return this;
  }

  /** Appends ADDRESS-ERROR-CODE. */
  public StunWriter addressErrorCode(int family, int code, String reason) {
    AddressErrorCode.write(this, family, code, reason);
    return this;
  }

  /** Appends ICMP. */
  public StunWriter icmp(int icmpType, int icmpCode, long errorData) {
    Icmp.write(this, icmpType, icmpCode, errorData);
    return this;
  }

  // ---- typed attributes (RFC 6062, 5780, 8016, 7635) ----

  /** Appends CONNECTION-ID. */
  public StunWriter connectionId(long id) {
    ConnectionId.write(this, id);
    return this;
  }

  /** Appends CHANGE-REQUEST. */
  public StunWriter changeRequest(boolean changeIp, boolean changePort) {
    ChangeRequest.write(this, changeIp, changePort);
    return this;
  }

  /** Appends RESPONSE-ORIGIN. */
  public StunWriter responseOrigin(InetSocketAddress address) {
    ResponseOrigin.write(this, address);
    return this;
  }

  /** Appends OTHER-ADDRESS. */
  public StunWriter otherAddress(InetSocketAddress address) {
    OtherAddress.write(this, address);
    return this;
  }

  /** Appends RESPONSE-PORT. */
  public StunWriter responsePort(int port) {
    ResponsePort.write(this, port);
    return this;
  }

  /** Appends PADDING of {@code length} zero bytes. */
  public StunWriter padding(int length) {
    Padding.write(this, length);
    return this;
  }

  /** Appends MOBILITY-TICKET. */
  public StunWriter mobilityTicket(byte[] ticket) {
    MobilityTicket.write(this, ticket);
    return this;
  }

  /** Appends THIRD-PARTY-AUTHORIZATION (the OAuth server name). */
  public StunWriter thirdPartyAuthorization(String serverName) {
    ThirdPartyAuthorization.write(this, serverName);
    return this;
  }
}

package dev.ferry.bench;

import dev.ferry.stun.DecodeStatus;
import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.StunWriter;
import dev.ferry.stun.attribute.ErrorCode;
import dev.ferry.stun.attribute.Nonce;
import dev.ferry.stun.attribute.Realm;
import dev.ferry.stun.attribute.RequestedTransport;
import dev.ferry.stun.attribute.XorRelayedAddress;
import dev.ferry.stun.integrity.PasswordAlgorithm;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The control half of a benchmark's TURN client over a connected, blocking {@link DatagramChannel}:
 * Allocate with long-term credentials (RFC 8656 §7, RFC 8489 §9.2) and ChannelBind (RFC 8656 §11).
 * Setup only, so it allocates freely; reads are bounded by the caller's {@link ReadWatchdog}.
 */
final class TurnControlClient {
  private final DatagramChannel channel;
  private final ReadWatchdog watchdog;
  private final String username;
  private final String password;
  private final Random random = new Random(1);
  private final ByteBuffer in = ByteBuffer.allocate(2048);
  private String realm;
  private String nonce;
  private byte[] key;

  TurnControlClient(
      DatagramChannel channel, ReadWatchdog watchdog, String username, String password) {
    this.channel = channel;
    this.watchdog = watchdog;
    this.username = username;
    this.password = password;
  }

  /** Allocates a UDP relay (challenge, then authenticated Allocate); returns its address. */
  InetSocketAddress allocate() throws IOException {
    StunMessage challenge =
        exchange(StunMethod.ALLOCATE, w -> w.requestedTransport(RequestedTransport.UDP));
    realm = Realm.read(challenge);
    nonce = Nonce.read(challenge);
    if (ErrorCode.code(challenge) != 401 || realm == null || nonce == null) {
      throw new IOException("Allocate: expected a 401 with REALM and NONCE");
    }
    key = PasswordAlgorithm.MD5.deriveKey(username, realm, password);
    StunMessage allocated =
        success(
            "Allocate",
            exchange(StunMethod.ALLOCATE, w -> w.requestedTransport(RequestedTransport.UDP)));
    return XorRelayedAddress.read(allocated);
  }

  /** Binds {@code channelNumber} to {@code peer}, which also installs the peer's permission. */
  void bindChannel(int channelNumber, InetSocketAddress peer) throws IOException {
    success(
        "ChannelBind",
        exchange(
            StunMethod.CHANNEL_BIND, w -> w.channelNumber(channelNumber).xorPeerAddress(peer)));
  }

  private static StunMessage success(String what, StunMessage response) throws IOException {
    if (response.messageClass() != MessageClass.SUCCESS_RESPONSE) {
      throw new IOException(what + " failed with error " + ErrorCode.code(response));
    }
    return response;
  }

  private StunMessage exchange(int method, Consumer<StunWriter> attributes) throws IOException {
    byte[] transactionId = new byte[StunMessage.TRANSACTION_ID_LENGTH];
    random.nextBytes(transactionId);
    ByteBuf out = Unpooled.buffer(256);
    StunWriter writer = new StunWriter().begin(out, method, MessageClass.REQUEST, transactionId);
    attributes.accept(writer);
    if (key != null) {
      writer.username(username).realm(realm).nonce(nonce).messageIntegrity(key);
    }
    writer.fingerprint();
    channel.write(out.nioBuffer());
    watchdog.arm();
    try {
      while (true) {
        in.clear();
        channel.read(in);
        in.flip();
        StunMessage response = new StunMessage();
        byte[] bytes = new byte[in.remaining()];
        in.get(bytes);
        if (response.wrap(Unpooled.wrappedBuffer(bytes)) == DecodeStatus.OK
            && response.transactionIdEquals(transactionId)) {
          return response;
        }
      }
    } catch (IOException e) {
      throw watchdog.fired() ? watchdog.timedOut("TURN request", e) : e;
    } finally {
      watchdog.disarm();
    }
  }
}

package dev.ferry.turn.dispatch;

import static dev.ferry.turn.dispatch.TurnHarness.CLIENT;
import static dev.ferry.turn.dispatch.TurnHarness.PEER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.DecodeStatus;
import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.StunWriter;
import dev.ferry.stun.attribute.ErrorCode;
import dev.ferry.stun.integrity.Fingerprint;
import dev.ferry.turn.TurnClient;
import dev.ferry.turn.allocation.Allocation;
import dev.ferry.turn.allocation.AllocationLimits;
import dev.ferry.turn.allocation.ChannelBinding;
import dev.ferry.turn.allocation.TransportAddress;
import dev.ferry.turn.relay.RelaySocket;
import dev.ferry.turn.transport.TailExceptionHandler;
import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * A TURN listener with one victim allocation in use (alice at {@link TurnHarness#CLIENT}: a
 * permission and a channel to {@link TurnHarness#PEER}, traffic both ways), and the checks that one
 * hostile message was answered or dropped cleanly, counted once, and left the victim alone.
 */
final class VictimFixture implements AutoCloseable {
  /** The victim's channel to {@link TurnHarness#PEER}. */
  static final int CHANNEL = 0x4001;

  /** An attacker on another host. */
  static final InetSocketAddress ATTACKER = new InetSocketAddress("198.51.100.7", 41000);

  /** An attacker behind the victim's NAT address: same IP, another port, so another 5-tuple. */
  static final InetSocketAddress NEIGHBOUR = new InetSocketAddress("192.0.2.1", 40002);

  /**
   * Amplification bound: an answer to a message the server could not authenticate is at most this
   * many bytes longer than the message. The largest such answer is the 401 challenge to a bare
   * 20-byte request: 156 bytes (header 20, ERROR-CODE 20, REALM 16, NONCE 4+nonce, PASSWORD-
   * ALGORITHMS 12, SOFTWARE 16, FINGERPRINT 8), so a factor of at most 7.8, and only within the
   * per-source-IP limit. A 420 lists at most 16 unknown types, each of which cost the sender 4 or
   * more bytes; Binding adds at most 56 bytes.
   */
  static final int MAX_UNAUTHENTICATED_EXTRA = 144;

  private static final byte[] PROBE = "still-relayed".getBytes(StandardCharsets.US_ASCII);

  final TurnHarness h;
  final TurnClient alice;
  final InetSocketAddress relayed;
  private final Allocation<RelaySocket> allocation;
  private final long expiresAt;
  private final List<Throwable> escaped = new ArrayList<>();

  /** The victim's own valid messages, as sent: Refresh, CreatePermission, ChannelBind, Send. */
  final List<byte[]> victimMessages = new ArrayList<>();

  /** The answers to the victim's requests, which a retransmission from its 5-tuple gets again. */
  private final List<byte[]> victimAnswers = new ArrayList<>();

  /** Credential lookups queued while {@link #deferLookups} is on. */
  private final Queue<Runnable> lookups = new ArrayDeque<>();

  private boolean deferLookups;

  /** A victim whose credential lookups answer at once. */
  VictimFixture() {
    this(false);
  }

  /**
   * @param deferredLookups after the victim is set up, credential lookups not cached yet complete
   *     only after the hostile message's read, as with a remote credential store
   */
  VictimFixture(boolean deferredLookups) {
    // A burst no property reaches: the amplification guard is tested on its own.
    h =
        new TurnHarness(
            AllocationLimits.DEFAULTS,
            10,
            1_000_000,
            task -> {
              if (deferLookups) {
                lookups.add(task);
              } else {
                task.run();
              }
            });
    String tail = h.channel.pipeline().context(TailExceptionHandler.class).name();
    h.channel
        .pipeline()
        .addBefore(
            tail,
            "escaped",
            new ChannelInboundHandlerAdapter() {
              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                escaped.add(cause);
                ctx.fireExceptionCaught(cause);
              }
            });
    alice = h.alice(CLIENT);
    relayed = h.allocate(alice, CLIENT);
    victimRequest(StunMethod.REFRESH, w -> w.lifetime(600));
    victimRequest(StunMethod.CREATE_PERMISSION, w -> w.xorPeerAddress(PEER));
    victimRequest(StunMethod.CHANNEL_BIND, w -> w.channelNumber(CHANNEL).xorPeerAddress(PEER));
    ByteBuf send =
        alice.indication(
            StunMethod.SEND, w -> w.xorPeerAddress(PEER).data(Unpooled.wrappedBuffer(PROBE)));
    victimMessages.add(ByteBufUtil.getBytes(send));
    h.receive(send, CLIENT);
    assertThat(payloadToPeer()).isEqualTo(PROBE);
    allocation = onlyAllocation();
    expiresAt = allocation.expiresAtNanos();
    assertVictimIntact();
    deferLookups = deferredLookups;
  }

  private void victimRequest(int method, Consumer<StunWriter> attributes) {
    ByteBuf request = alice.request(method, attributes);
    victimMessages.add(ByteBufUtil.getBytes(request));
    byte[] bytes = h.exchange(request, CLIENT);
    victimAnswers.add(bytes);
    StunMessage answer = TurnClient.wrap(bytes);
    assertThat(answer.messageClass())
        .as("victim's own request")
        .isEqualTo(MessageClass.SUCCESS_RESPONSE);
  }

  private Allocation<RelaySocket> onlyAllocation() {
    List<Allocation<RelaySocket>> all = new ArrayList<>();
    h.services.loops().forLoop(h.channel.eventLoop()).table().forEach(all::add);
    assertThat(all).as("allocations").hasSize(1);
    return all.get(0);
  }

  private byte[] payloadToPeer() {
    DatagramPacket out = h.toPeer(relayed);
    assertThat(out).as("a datagram to the peer").isNotNull();
    try {
      assertThat(out.recipient()).isEqualTo(PEER);
      return ByteBufUtil.getBytes(out.content());
    } finally {
      out.release();
    }
  }

  /**
   * The victim's allocation is the same object with the same relayed address, its lifetime is not
   * shortened, its permission and channel are installed, and a fresh ChannelData from the victim
   * reaches the peer and peer data reaches the victim on the channel.
   */
  void assertVictimIntact() {
    assertThat(onlyAllocation()).as("the victim's allocation").isSameAs(allocation);
    assertThat(allocation.isReleased()).isFalse();
    assertThat(allocation.relayedAddress()).isEqualTo(TransportAddress.of(relayed));
    assertThat(allocation.expiresAtNanos()).as("victim's expiry").isGreaterThanOrEqualTo(expiresAt);
    assertThat(allocation.permissions().isPermitted(TransportAddress.of(PEER), h.now)).isTrue();
    ChannelBinding binding = allocation.channels().byNumber(CHANNEL, h.now);
    assertThat(binding).as("victim's channel").isNotNull();
    assertThat(binding.peerSocketAddress()).isEqualTo(PEER);

    h.receive(TurnClient.channelData(CHANNEL, PROBE), CLIENT);
    assertThat(payloadToPeer()).isEqualTo(PROBE);
    assertThat(h.toPeer(relayed)).as("one datagram per ChannelData").isNull();
    h.fromPeer(relayed, PEER, PROBE);
    byte[] toVictim = h.nextTo(CLIENT);
    assertThat(toVictim).as("peer data for the victim").isNotNull();
    assertThat(toVictim).hasSize(4 + PROBE.length);
    assertThat(((toVictim[0] & 0xFF) << 8) | (toVictim[1] & 0xFF)).isEqualTo(CHANNEL);
    assertThat(h.nextTo(CLIENT)).isNull();
  }

  /** What one hostile message produced. */
  record Effect(List<byte[]> answers, List<byte[]> toPeer, Counts delta) {}

  /**
   * Delivers {@code bytes} from {@code from}, then checks what every hostile message must satisfy
   * and that the victim is intact.
   */
  Effect attack(byte[] bytes, InetSocketAddress from) {
    Counts before = counts();
    // Not wrappedBuffer: an empty array would give the shared EMPTY_BUFFER, never released.
    ByteBuf in = Unpooled.buffer(bytes.length).writeBytes(bytes);
    h.receive(in, from);
    while (!lookups.isEmpty()) {
      lookups.remove().run();
    }
    h.channel.runPendingTasks();
    h.channel.checkException();
    assertThat(escaped).as("exceptions caught at the tail").isEmpty();

    List<byte[]> answers = new ArrayList<>();
    for (DatagramPacket out = h.channel.readOutbound();
        out != null;
        out = h.channel.readOutbound()) {
      try {
        assertThat(out.recipient()).as("answers go to the sender").isEqualTo(from);
        answers.add(ByteBufUtil.getBytes(out.content()));
      } finally {
        out.release();
      }
    }
    List<byte[]> toPeer = new ArrayList<>();
    for (DatagramPacket out = h.toPeer(relayed); out != null; out = h.toPeer(relayed)) {
      try {
        // Permissions are per IP, ports ignored (RFC 8656 §9): the victim's own Send with a
        // mutated XOR-PEER-ADDRESS port is rightly relayed to another port of her peer.
        assertThat(out.recipient().getAddress())
            .as("relayed only to the victim's permitted peer IP")
            .isEqualTo(PEER.getAddress());
        toPeer.add(ByteBufUtil.getBytes(out.content()));
      } finally {
        out.release();
      }
    }
    assertThat(in.refCnt()).as("inbound datagram released").isZero();
    Counts delta = counts().minus(before);
    checkAnswers(bytes, from, answers, delta);
    checkAccounting(answers, toPeer, delta, from);
    assertVictimIntact();
    return new Effect(answers, toPeer, delta);
  }

  private void checkAnswers(
      byte[] bytes, InetSocketAddress from, List<byte[]> answers, Counts delta) {
    assertThat(answers).as("at most one answer per message").hasSizeLessThanOrEqualTo(1);
    if (answers.isEmpty()) {
      return;
    }
    StunMessage request = new StunMessage();
    assertThat(request.wrap(Unpooled.wrappedBuffer(bytes)))
        .as("only well-formed STUN gets an answer")
        .isEqualTo(DecodeStatus.OK);
    assertThat(request.messageClass())
        .as("only requests get an answer")
        .isEqualTo(MessageClass.REQUEST);
    byte[] answer = answers.get(0);
    StunMessage response = wrapResponse(answer);
    assertThat(response.messageClass().isResponse()).isTrue();
    assertThat(response.transactionIdEquals(request)).as("same transaction ID").isTrue();
    boolean authenticated =
        response.contains(AttributeType.MESSAGE_INTEGRITY)
            || response.contains(AttributeType.MESSAGE_INTEGRITY_SHA256);
    if (authenticated) {
      // Only the transaction cache answers with integrity here (nobody else knows alice's key):
      // the victim's own earlier answer, to its own 5-tuple, keyed by transaction ID alone.
      assertThat(from).as("an attacker never gets an authenticated answer").isEqualTo(CLIENT);
      assertThat(victimAnswers)
          .as("an authenticated answer is one the victim already had")
          .anySatisfy(a -> assertThat(a).isEqualTo(answer));
    } else {
      assertThat(response.method()).as("same method").isEqualTo(request.method());
      assertThat(Arrays.copyOfRange(answer, 4, 8))
          .as("cookie field echoed")
          .isEqualTo(Arrays.copyOfRange(bytes, 4, 8));
      assertThat(answer.length)
          .as("amplification: answer to an unauthenticated %d-byte request", bytes.length)
          .isLessThanOrEqualTo(bytes.length + MAX_UNAUTHENTICATED_EXTRA);
    }
    int code = ErrorCode.code(response);
    if (code == 401 || code == 438) {
      assertThat(delta.authFailures).as("a challenge counts one auth failure").isEqualTo(1);
    }
  }

  private static StunMessage wrapResponse(byte[] answer) {
    ByteBuf original = Unpooled.wrappedBuffer(answer);
    int last = answer.length - 8;
    assertThat(last).as("answer has room for FINGERPRINT").isGreaterThanOrEqualTo(20);
    assertThat(original.getUnsignedShort(last))
        .as("FINGERPRINT last")
        .isEqualTo(AttributeType.FINGERPRINT);
    assertThat(original.getInt(last + 4))
        .as("FINGERPRINT value")
        .isEqualTo(Fingerprint.compute(original, 0, last));
    byte[] copy = answer.clone();
    if (original.getInt(4) != StunMessage.MAGIC_COOKIE) {
      // An RFC 3489 request gets its own cookie bytes back: check the rest with the cookie put in.
      ByteBuf patched = Unpooled.wrappedBuffer(copy);
      patched.setInt(4, StunMessage.MAGIC_COOKIE);
      patched.setInt(last + 4, Fingerprint.compute(patched, 0, last));
    }
    StunMessage m = new StunMessage();
    assertThat(m.wrap(Unpooled.wrappedBuffer(copy)))
        .as("answer is well-formed STUN")
        .isEqualTo(DecodeStatus.OK);
    assertThat(m.hasFingerprint()).as("answer carries FINGERPRINT").isTrue();
    return m;
  }

  private static void checkAccounting(
      List<byte[]> answers, List<byte[]> toPeer, Counts delta, InetSocketAddress from) {
    // Exactly one outcome per message: answered, dropped, consumed (indication) or relayed.
    long channelRelays = delta.relayedToPeer - delta.sendIndications;
    assertThat(delta.responses + delta.dropped + delta.indications + channelRelays)
        .as("outcomes counted for one message: %s", delta)
        .isEqualTo(1);
    assertThat(delta.responses).as("responses counted").isEqualTo(answers.size());
    assertThat(delta.requests).as("requests counted").isEqualTo(answers.size());
    assertThat(delta.relayedToPeer).as("relays counted").isEqualTo(toPeer.size());
    assertThat(delta.authFailures).as("auth failures").isBetween(0L, 1L);
    if (delta.authFailures == 1) {
      assertThat(answers).as("an auth failure is answered").hasSize(1);
    }
    if (!from.equals(CLIENT)) {
      assertThat(toPeer).as("an attacker relays nothing").isEmpty();
    }
  }

  /** A snapshot of the counters one message may move. */
  record Counts(
      long requests,
      long responses,
      long dropped,
      long indications,
      long sendIndications,
      long relayedToPeer,
      long authFailures) {
    Counts minus(Counts o) {
      return new Counts(
          requests - o.requests,
          responses - o.responses,
          dropped - o.dropped,
          indications - o.indications,
          sendIndications - o.sendIndications,
          relayedToPeer - o.relayedToPeer,
          authFailures - o.authFailures);
    }
  }

  Counts counts() {
    return new Counts(
        sum("stun.requests", null, null),
        sum("stun.responses", null, null),
        sum("stun.messages.dropped", null, null),
        sum("stun.indications", null, null),
        sum("stun.indications", "method", "send"),
        sum("turn.relayed.packets", "direction", "to_peer"),
        sum("turn.auth.failures", null, null));
  }

  private long sum(String name, String tag, String value) {
    var search = h.registry.find(name);
    if (tag != null) {
      search = search.tag(tag, value);
    }
    double total = 0;
    for (Counter c : search.counters()) {
      total += c.count();
    }
    return Math.round(total);
  }

  /** The drop counter of one reason, summed over transports. */
  long dropped(DropReason reason) {
    var search = h.registry.find("stun.messages.dropped").tag("reason", reason.label());
    double total = 0;
    for (Counter c : search.counters()) {
      total += c.count();
    }
    return Math.round(total);
  }

  @Override
  public void close() {
    h.close();
  }
}

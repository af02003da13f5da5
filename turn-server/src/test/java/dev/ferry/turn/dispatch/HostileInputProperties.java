package dev.ferry.turn.dispatch;

import static dev.ferry.turn.dispatch.TurnHarness.CLIENT;
import static dev.ferry.turn.dispatch.TurnHarness.PEER;
import static dev.ferry.turn.dispatch.VictimFixture.ATTACKER;
import static dev.ferry.turn.dispatch.VictimFixture.CHANNEL;
import static dev.ferry.turn.dispatch.VictimFixture.NEIGHBOUR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunWriter;
import dev.ferry.stun.integrity.Fingerprint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * The product standard for hostile input: bad input gets a clear STUN error response or a clean
 * drop, is counted once, and never throws out of the listener, leaks a buffer, or disturbs another
 * user's allocation. One victim allocation lives through all tries of a property, so damage would
 * accumulate; {@link VictimFixture#attack} checks each message.
 */
class HostileInputProperties {
  private static final List<InetSocketAddress> ATTACKERS = List.of(ATTACKER, NEIGHBOUR);
  private static final List<InetSocketAddress> ANY_SOURCE = List.of(ATTACKER, NEIGHBOUR, CLIENT);

  private VictimFixture v;

  @BeforeProperty
  void victim() {
    v = new VictimFixture();
  }

  @AfterProperty
  void release() {
    v.close();
  }

  // ---- 1. arbitrary bytes ----

  @Property(tries = 400)
  void arbitraryBytes_fromAnySource_answeredOrDroppedAndVictimIntact(
      @ForAll @Size(max = 1500) byte[] bytes, @ForAll("anySource") InetSocketAddress from) {
    v.attack(bytes, from);
  }

  @Property(tries = 300)
  void stunLookingBytes_fromAnySource_answeredOrDroppedAndVictimIntact(
      @ForAll("stunHeaderWithRandomBody") byte[] bytes,
      @ForAll("anySource") InetSocketAddress from) {
    v.attack(bytes, from);
  }

  // ---- 2. structurally valid STUN with random attributes ----

  @Property(tries = 500)
  void randomStunMessage_fromAnySource_answeredOrDroppedAndVictimIntact(
      @ForAll("stunMessages") Hostile message, @ForAll("anySource") InetSocketAddress from) {
    byte[] bytes = message.encode(v);
    VictimFixture.Effect effect = v.attack(bytes, from);
    if (message.cls() != MessageClass.REQUEST) {
      assertThat(effect.answers()).as("no answer to an indication or response").isEmpty();
    }
  }

  // ---- 3. mutations of the victim's own valid messages ----

  @Property(tries = 400)
  void mutatedVictimMessage_fromAnySource_rejectedAndVictimIntact(
      @ForAll @IntRange(min = 0, max = 3) int which,
      @ForAll @Size(min = 1, max = 8) Set<@IntRange(min = 0, max = 100_000) Integer> bits,
      @ForAll boolean refreshFingerprint,
      @ForAll("anySource") InetSocketAddress from) {
    byte[] original = v.victimMessages.get(which);
    byte[] mutated = original.clone();
    int span = refreshFingerprint ? (original.length - 8) * 8 : original.length * 8;
    Set<Integer> flipped = new java.util.HashSet<>();
    for (int bit : bits) {
      if (flipped.add(bit % span)) {
        mutated[(bit % span) / 8] ^= (byte) (0x80 >>> (bit % span % 8));
      }
    }
    if (refreshFingerprint) {
      refreshFingerprint(mutated);
    }
    if (Arrays.equals(mutated, original)) {
      return; // flips cancelled out: a plain retransmission, not hostile
    }
    VictimFixture.Effect effect = v.attack(mutated, from);
    if (which == 3 && !from.equals(CLIENT)) {
      assertThat(effect.toPeer()).isEmpty();
    }
  }

  // ---- 4. ChannelData ----

  @Property(tries = 400)
  void channelData_fromAttacker_droppedSilently(
      @ForAll("channelData") byte[] bytes, @ForAll("attackers") InetSocketAddress from) {
    VictimFixture.Effect effect = v.attack(bytes, from);
    assertThat(effect.answers()).isEmpty();
    assertThat(effect.toPeer()).isEmpty();
  }

  @Property(tries = 300)
  void channelData_fromVictim_relaysExactlyTheDeclaredPayloadOrDrops(
      @ForAll("channelData") byte[] bytes) {
    VictimFixture.Effect effect = v.attack(bytes, CLIENT);
    assertThat(effect.answers()).isEmpty();
    int channel = ((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF);
    int length = ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF);
    if (channel == CHANNEL && 4 + length <= bytes.length) {
      assertThat(effect.toPeer()).hasSize(1);
      assertThat(effect.toPeer().get(0)).isEqualTo(Arrays.copyOfRange(bytes, 4, 4 + length));
    } else {
      assertThat(effect.toPeer()).isEmpty();
    }
  }

  // ---- generators ----

  @Provide
  Arbitrary<InetSocketAddress> anySource() {
    return Arbitraries.of(ANY_SOURCE);
  }

  @Provide
  Arbitrary<InetSocketAddress> attackers() {
    return Arbitraries.of(ATTACKERS);
  }

  /** A 20-byte header with the top bits clear, the cookie and a matching Length; a random body. */
  @Provide
  Arbitrary<byte[]> stunHeaderWithRandomBody() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 0x3FFF),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(120).map(b -> pad(b)),
            Arbitraries.longs())
        .as(
            (type, body, seed) -> {
              ByteBuf buf = Unpooled.buffer();
              buf.writeShort(type).writeShort(body.length).writeInt(StunMessage.MAGIC_COOKIE);
              byte[] id = new byte[12];
              new Random(seed).nextBytes(id);
              buf.writeBytes(id).writeBytes(body);
              return drain(buf);
            });
  }

  @Provide
  static Arbitrary<Hostile> stunMessages() {
    Arbitrary<Integer> method =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(0x001, 0x00C)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 0xFFF)));
    Arbitrary<MessageClass> cls =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, Arbitraries.just(MessageClass.REQUEST)),
            net.jqwik.api.Tuple.of(2, Arbitraries.just(MessageClass.INDICATION)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(MessageClass.SUCCESS_RESPONSE)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(MessageClass.ERROR_RESPONSE)));
    Arbitrary<List<Attr>> attributes = Attr.any().list().ofMaxSize(12);
    Arbitrary<Ending> ending = Arbitraries.of(Ending.class);
    Arbitrary<String> credentials = Arbitraries.of("", "alice", "bob", "mallory");
    return Combinators.combine(method, cls, attributes, credentials, ending, Arbitraries.longs())
        .as(Hostile::new);
  }

  /** ChannelData with any channel number (often the victim's), any Length, any payload. */
  @Provide
  Arbitrary<byte[]> channelData() {
    Arbitrary<Integer> channel =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, Arbitraries.just(CHANNEL)),
            net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x4000, 0x4FFF)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0x4000, 0x7FFF)));
    Arbitrary<byte[]> payload = Arbitraries.bytes().array(byte[].class).ofMaxSize(1496);
    Arbitrary<Integer> lengthDelta =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, Arbitraries.just(0)),
            net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(-4, 4)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(-0xFFFF, 0xFFFF)));
    return Combinators.combine(channel, payload, lengthDelta)
        .as(
            (number, body, delta) -> {
              int length = Math.max(0, Math.min(0xFFFF, body.length + delta));
              ByteBuf buf = Unpooled.buffer(4 + body.length);
              buf.writeShort(number).writeShort(length).writeBytes(body);
              return drain(buf);
            });
  }

  // ---- message building ----

  /** How a random message ends. */
  enum Ending {
    NOTHING,
    FINGERPRINT,
    WRONG_FINGERPRINT,
    GARBAGE_INTEGRITY_THEN_FINGERPRINT,
    GARBAGE_INTEGRITY_SHA256_THEN_FINGERPRINT,
    INTEGRITY_WITH_WRONG_KEY_THEN_FINGERPRINT
  }

  /** One attribute: a type and a value, typed or random, possibly truncated or oversize. */
  record Attr(int type, byte[] value) {
    private static final int[] KNOWN = {
      AttributeType.MAPPED_ADDRESS,
      AttributeType.USERNAME,
      AttributeType.MESSAGE_INTEGRITY,
      AttributeType.ERROR_CODE,
      AttributeType.UNKNOWN_ATTRIBUTES,
      AttributeType.REALM,
      AttributeType.NONCE,
      AttributeType.MESSAGE_INTEGRITY_SHA256,
      AttributeType.PASSWORD_ALGORITHM,
      AttributeType.USERHASH,
      AttributeType.XOR_MAPPED_ADDRESS,
      AttributeType.PASSWORD_ALGORITHMS,
      AttributeType.SOFTWARE,
      AttributeType.FINGERPRINT,
      AttributeType.CHANNEL_NUMBER,
      AttributeType.LIFETIME,
      AttributeType.XOR_PEER_ADDRESS,
      AttributeType.DATA,
      AttributeType.XOR_RELAYED_ADDRESS,
      AttributeType.REQUESTED_ADDRESS_FAMILY,
      AttributeType.EVEN_PORT,
      AttributeType.REQUESTED_TRANSPORT,
      AttributeType.DONT_FRAGMENT,
      AttributeType.RESERVATION_TOKEN,
      AttributeType.ADDITIONAL_ADDRESS_FAMILY,
      AttributeType.ADDRESS_ERROR_CODE,
      AttributeType.ICMP,
      AttributeType.CONNECTION_ID,
      AttributeType.CHANGE_REQUEST,
      AttributeType.PADDING,
      AttributeType.RESPONSE_PORT,
      AttributeType.ACCESS_TOKEN,
      AttributeType.PRIORITY,
      AttributeType.USE_CANDIDATE
    };

    static Arbitrary<Attr> any() {
      Arbitrary<Integer> knownType = Arbitraries.of(Arrays.stream(KNOWN).boxed().toList());
      Arbitrary<Integer> anyType = Arbitraries.integers().between(0, 0xFFFF);
      Arbitrary<byte[]> shortValue = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
      Arbitrary<byte[]> longValue = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
      return Arbitraries.frequencyOf(
          net.jqwik.api.Tuple.of(4, Combinators.combine(knownType, shortValue).as(Attr::new)),
          net.jqwik.api.Tuple.of(1, Combinators.combine(knownType, longValue).as(Attr::new)),
          net.jqwik.api.Tuple.of(2, Combinators.combine(anyType, shortValue).as(Attr::new)),
          net.jqwik.api.Tuple.of(3, wellFormed()));
    }

    /** Values a handler accepts, so hostile messages reach past the attribute parsers. */
    private static Arbitrary<Attr> wellFormed() {
      return Arbitraries.of(
          typed(w -> w.xorPeerAddress(PEER)),
          typed(w -> w.xorPeerAddress(new InetSocketAddress("203.0.113.9", 9))),
          typed(w -> w.channelNumber(CHANNEL)),
          typed(w -> w.channelNumber(0x4002)),
          typed(w -> w.lifetime(0)),
          typed(w -> w.lifetime(3600)),
          typed(w -> w.requestedTransport(17)),
          typed(w -> w.requestedAddressFamily(1)),
          typed(w -> w.evenPort(true)),
          typed(w -> w.dontFragment()),
          typed(w -> w.reservationToken(0x1122334455667788L)),
          typed(w -> w.data(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}))),
          typed(w -> w.username("alice")),
          typed(w -> w.realm(TurnHarness.REALM)),
          typed(w -> w.changeRequest(true, true)));
    }

    private static Attr typed(java.util.function.Consumer<StunWriter> write) {
      ByteBuf buf = Unpooled.buffer();
      StunWriter w = new StunWriter().begin(buf, 1, MessageClass.REQUEST, new byte[12]);
      write.accept(w);
      int type = buf.getUnsignedShort(20);
      int length = buf.getUnsignedShort(22);
      byte[] value = ByteBufUtil.getBytes(buf, 24, length);
      buf.release();
      return new Attr(type, value);
    }

    @Override
    public String toString() {
      return String.format("0x%04X[%d]", type, value.length);
    }
  }

  /**
   * A random message; unless {@code user} is empty it carries that USERNAME (alice is the victim),
   * the REALM and the victim's own NONCE, so only the integrity stands between it and the victim's
   * allocation.
   */
  record Hostile(
      int method, MessageClass cls, List<Attr> attributes, String user, Ending ending, long seed) {
    byte[] encode(VictimFixture v) {
      Random random = new Random(seed);
      byte[] id = new byte[12];
      random.nextBytes(id);
      ByteBuf buf = Unpooled.buffer(512);
      StunWriter w = new StunWriter().begin(buf, method, cls, id);
      for (Attr a : attributes) {
        w.attribute(a.type(), a.value());
      }
      if (!user.isEmpty()) {
        w.username(user).realm(TurnHarness.REALM).nonce(v.alice.nonce());
      }
      switch (ending) {
        case FINGERPRINT -> w.fingerprint();
        case WRONG_FINGERPRINT -> w.attributeInt(AttributeType.FINGERPRINT, random.nextInt());
        case GARBAGE_INTEGRITY_THEN_FINGERPRINT ->
            w.attribute(AttributeType.MESSAGE_INTEGRITY, randomBytes(random, 20)).fingerprint();
        case GARBAGE_INTEGRITY_SHA256_THEN_FINGERPRINT ->
            w.attribute(AttributeType.MESSAGE_INTEGRITY_SHA256, randomBytes(random, 32))
                .fingerprint();
        case INTEGRITY_WITH_WRONG_KEY_THEN_FINGERPRINT ->
            w.messageIntegrity(randomBytes(random, 16)).fingerprint();
        case NOTHING -> {}
      }
      return drain(buf);
    }
  }

  private static byte[] randomBytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static byte[] pad(byte[] body) {
    return Arrays.copyOf(body, (body.length + 3) & ~3);
  }

  /** Rewrites the last 4 bytes as the FINGERPRINT of the rest, as any attacker can. */
  private static void refreshFingerprint(byte[] message) {
    ByteBuf buf = Unpooled.wrappedBuffer(message);
    buf.setInt(message.length - 4, Fingerprint.compute(buf, 0, message.length - 8));
  }

  private static byte[] drain(ByteBuf buf) {
    try {
      return ByteBufUtil.getBytes(buf);
    } finally {
      buf.release();
    }
  }
}

package dev.ferry.turn.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.stun.AttributeType;
import dev.ferry.stun.DecodeStatus;
import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.attribute.ErrorCode;
import dev.ferry.stun.attribute.Software;
import dev.ferry.stun.attribute.UnknownAttributes;
import dev.ferry.stun.attribute.XorMappedAddress;
import dev.ferry.stun.integrity.Fingerprint;
import dev.ferry.turn.StunTestMessages;
import dev.ferry.turn.dispatch.BindingHandler;
import dev.ferry.turn.dispatch.ErrorResponses;
import dev.ferry.turn.dispatch.StunDispatcher;
import dev.ferry.turn.metrics.StunMetrics;
import dev.ferry.turn.metrics.TransportLabel;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 8489 §6.3 receive processing, one rule per test, through the UDP pipeline. */
class StunDatagramHandlerTest {
  private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.1", 32853);
  private static final InetSocketAddress CLIENT_V6 =
      new InetSocketAddress("2001:db8:1234:5678:11:2233:4455:6677", 32853);
  private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 3478);
  private static final int UNKNOWN_REQUIRED = 0x7F01;
  private static final int UNKNOWN_OPTIONAL = 0xFF01;

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final StunMetrics metrics = StunMetrics.register(registry);
  private final ErrorResponses errors = new ErrorResponses("Ferry test");
  private final EmbeddedChannel channel =
      new EmbeddedChannel(
          new StunDatagramHandler(
              new StunDispatcher(new BindingHandler(errors), errors),
              metrics.forTransport(TransportLabel.UDP)),
          new TailExceptionHandler());
  private final StunMessage reply = new StunMessage();
  private DatagramPacket sent;

  @AfterEach
  void releaseAndFinish() {
    if (sent != null) {
      assertThat(sent.release()).isTrue();
    }
    assertThat(channel.finish()).isFalse();
  }

  private void receive(ByteBuf datagram, InetSocketAddress from) {
    channel.writeInbound(new DatagramPacket(datagram, SERVER, from));
  }

  private StunMessage answer() {
    sent = channel.readOutbound();
    assertThat(sent).as("a reply was sent").isNotNull();
    assertThat(reply.wrap(sent.content())).isEqualTo(DecodeStatus.OK);
    assertThat((Object) channel.readOutbound()).as("only one reply").isNull();
    return reply;
  }

  private void assertDropped(String reason) {
    assertThat((Object) channel.readOutbound()).as("nothing sent").isNull();
    assertThat(dropped(reason)).isEqualTo(1.0);
  }

  private double dropped(String reason) {
    return registry
        .get("stun.messages.dropped")
        .tags("reason", reason, "transport", "udp")
        .counter()
        .count();
  }

  private static ByteBuf bindingRequestWith(Consumer<dev.ferry.stun.StunWriter> extra) {
    return StunTestMessages.message(StunMethod.BINDING, MessageClass.REQUEST, extra);
  }

  @Test
  void binding_request_returnsSuccessWithXorMappedAddressOfSender() {
    receive(StunTestMessages.bindingRequest(), CLIENT);

    StunMessage message = answer();
    assertThat(sent.recipient()).isEqualTo(CLIENT);
    assertThat(message.method()).isEqualTo(StunMethod.BINDING);
    assertThat(message.messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
    assertThat(message.transactionIdEquals(StunTestMessages.TRANSACTION_ID)).isTrue();
    assertThat(XorMappedAddress.read(message)).isEqualTo(CLIENT);
  }

  @Test
  void binding_request_responseCarriesSoftwareAndValidFingerprint() {
    receive(StunTestMessages.bindingRequest(), CLIENT);

    StunMessage message = answer();
    assertThat(Software.read(message)).isEqualTo("Ferry test");
    assertThat(message.hasFingerprint()).isTrue();
    assertThat(Fingerprint.check(message)).isTrue();
  }

  @Test
  void binding_requestFromIpv6_returnsIpv6XorMappedAddress() {
    receive(StunTestMessages.bindingRequest(), CLIENT_V6);

    assertThat(XorMappedAddress.read(answer())).isEqualTo(CLIENT_V6);
  }

  @Test
  void binding_request_countsRequestAndSuccessResponse() {
    receive(StunTestMessages.bindingRequest(), CLIENT);
    answer();

    assertThat(
            registry
                .get("stun.requests")
                .tags("method", "binding", "transport", "udp")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(
            registry
                .get("stun.responses")
                .tags("class", "success", "transport", "udp")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void binding_rfc3489Client_returnsMappedAddressAndEchoesCookieBytes() {
    byte[] cookie = {0x11, 0x22, 0x33, 0x44};
    receive(StunTestMessages.rfc3489BindingRequest(cookie), CLIENT);

    // The codec's view rejects cookie-less responses, so the bytes are checked by hand.
    sent = channel.readOutbound();
    ByteBuf bytes = sent.content();
    assertThat(sent.recipient()).isEqualTo(CLIENT);
    assertThat(bytes.getUnsignedShort(0)).as("Binding success").isEqualTo(0x0101);
    assertThat(bytes.getInt(4)).as("cookie bytes echoed").isEqualTo(0x11223344);
    assertThat(ByteBufUtil.getBytes(bytes, 8, 12)).isEqualTo(StunTestMessages.TRANSACTION_ID);
    assertThat(bytes.getUnsignedShort(20))
        .as("first attribute")
        .isEqualTo(AttributeType.MAPPED_ADDRESS);
    assertThat(bytes.getUnsignedShort(22)).isEqualTo(8);
    assertThat((int) bytes.getUnsignedByte(25)).as("IPv4 family").isEqualTo(0x01);
    assertThat(bytes.getUnsignedShort(26)).isEqualTo(CLIENT.getPort());
    assertThat(ByteBufUtil.getBytes(bytes, 28, 4)).isEqualTo(CLIENT.getAddress().getAddress());
    assertThat(indexOfAttribute(bytes, AttributeType.XOR_MAPPED_ADDRESS)).isNegative();
  }

  private static int indexOfAttribute(ByteBuf message, int type) {
    int end = StunMessage.HEADER_LENGTH + message.getUnsignedShort(2);
    for (int at = StunMessage.HEADER_LENGTH; at + 4 <= end; ) {
      if (message.getUnsignedShort(at) == type) {
        return at;
      }
      at += 4 + ((message.getUnsignedShort(at + 2) + 3) & ~3);
    }
    return -1;
  }

  @Test
  void binding_withUnknownRequiredAttribute_returns420WithUnknownAttributes() {
    receive(
        bindingRequestWith(
            w -> w.attribute(UNKNOWN_REQUIRED, new byte[4]).attribute(0x7F02, new byte[0])),
        CLIENT);

    StunMessage message = answer();
    assertThat(message.messageClass()).isEqualTo(MessageClass.ERROR_RESPONSE);
    assertThat(ErrorCode.code(message)).isEqualTo(420);
    int[] types = new int[4];
    int count = UnknownAttributes.read(message, types);
    assertThat(count).isEqualTo(2);
    assertThat(types).startsWith(UNKNOWN_REQUIRED, 0x7F02);
    assertThat(message.hasFingerprint()).isTrue();
  }

  @Test
  void binding_withChangeRequest_returns420BecauseServerHasOneAddress() {
    receive(bindingRequestWith(w -> w.changeRequest(true, true)), CLIENT);

    StunMessage message = answer();
    assertThat(ErrorCode.code(message)).isEqualTo(420);
    int[] types = new int[1];
    assertThat(UnknownAttributes.read(message, types)).isEqualTo(1);
    assertThat(types[0]).isEqualTo(AttributeType.CHANGE_REQUEST);
  }

  @Test
  void binding_withUnknownOptionalAttribute_ignoresItAndSucceeds() {
    receive(bindingRequestWith(w -> w.attribute(UNKNOWN_OPTIONAL, new byte[] {1, 2, 3})), CLIENT);

    StunMessage message = answer();
    assertThat(message.messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
    assertThat(XorMappedAddress.read(message)).isEqualTo(CLIENT);
  }

  @Test
  void bindingIndication_sendsNothingAndCountsIndication() {
    receive(StunTestMessages.message(StunMethod.BINDING, MessageClass.INDICATION, w -> {}), CLIENT);

    assertThat((Object) channel.readOutbound()).isNull();
    assertThat(
            registry
                .get("stun.indications")
                .tags("method", "binding", "transport", "udp")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void bindingIndication_withUnknownRequiredAttribute_isDropped() {
    receive(
        StunTestMessages.message(
            StunMethod.BINDING,
            MessageClass.INDICATION,
            w -> w.attribute(UNKNOWN_REQUIRED, new byte[4])),
        CLIENT);

    assertDropped("unknown_attribute_indication");
  }

  @Test
  void successResponse_isDropped() {
    receive(
        StunTestMessages.message(StunMethod.BINDING, MessageClass.SUCCESS_RESPONSE, w -> {}),
        CLIENT);

    assertDropped("response");
  }

  @Test
  void errorResponse_isDropped() {
    receive(
        StunTestMessages.message(
            StunMethod.BINDING, MessageClass.ERROR_RESPONSE, w -> w.errorCode(400)),
        CLIENT);

    assertDropped("response");
  }

  @Test
  void allocateRequest_beforeTurnSupport_returns400() {
    receive(
        StunTestMessages.message(
            StunMethod.ALLOCATE, MessageClass.REQUEST, w -> w.requestedTransport(17)),
        CLIENT);

    StunMessage message = answer();
    assertThat(message.method()).isEqualTo(StunMethod.ALLOCATE);
    assertThat(message.messageClass()).isEqualTo(MessageClass.ERROR_RESPONSE);
    assertThat(ErrorCode.code(message)).isEqualTo(400);
    assertThat(
            registry
                .get("stun.requests")
                .tags("method", "allocate", "transport", "udp")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void sendIndication_beforeTurnSupport_isDropped() {
    receive(StunTestMessages.message(StunMethod.SEND, MessageClass.INDICATION, w -> {}), CLIENT);

    assertDropped("unsupported_indication");
  }

  @Test
  void datagram_shorterThanHeader_isDroppedAsNotStun() {
    receive(Unpooled.wrappedBuffer(new byte[] {0, 1, 0, 0, 0x21, 0x12}), CLIENT);

    assertDropped("not_stun");
  }

  @Test
  void datagram_lengthFieldDisagreesWithSize_isDroppedAsBadLength() {
    ByteBuf request = StunTestMessages.bindingRequest();
    request.setShort(2, request.getUnsignedShort(2) + 4);
    receive(request, CLIENT);

    assertDropped("bad_length");
  }

  @Test
  void datagram_trailingBytes_isDroppedAsBadLength() {
    ByteBuf request = StunTestMessages.bindingRequest();
    request.writeInt(0);
    receive(request, CLIENT);

    assertDropped("bad_length");
  }

  @Test
  void datagram_wrongFingerprint_isDroppedAsBadFingerprint() {
    ByteBuf request = StunTestMessages.bindingRequest();
    int last = request.writerIndex() - 1;
    request.setByte(last, request.getByte(last) ^ 0x01);
    receive(request, CLIENT);

    assertDropped("bad_fingerprint");
  }

  @Test
  void datagram_indicationWithoutMagicCookie_isDroppedAsNotStun() {
    ByteBuf indication = StunTestMessages.rfc3489BindingRequest(new byte[] {1, 2, 3, 4});
    indication.setShort(0, 0x0011);
    receive(indication, CLIENT);

    assertDropped("not_stun");
  }

  @Test
  void channelData_onStunPort_isDroppedAndCounted() {
    receive(Unpooled.wrappedBuffer(new byte[] {0x40, 0x00, 0x00, 0x04, 1, 2, 3, 4}), CLIENT);

    assertDropped("channel_data");
  }

  @Test
  void dtlsRecord_onStunPort_isDroppedAsOtherProtocol() {
    receive(Unpooled.wrappedBuffer(new byte[] {22, (byte) 0xFE, (byte) 0xFD, 0, 0}), CLIENT);

    assertDropped("other_protocol");
  }

  @Test
  void emptyDatagram_isDroppedAsOtherProtocol() {
    receive(Unpooled.EMPTY_BUFFER, CLIENT);

    assertDropped("other_protocol");
  }

  @Test
  void binding_twoRequestsInOneReadBatch_bothAnswered() {
    channel
        .pipeline()
        .fireChannelRead(new DatagramPacket(StunTestMessages.bindingRequest(), SERVER, CLIENT));
    channel
        .pipeline()
        .fireChannelRead(new DatagramPacket(StunTestMessages.bindingRequest(), SERVER, CLIENT_V6));
    channel.pipeline().fireChannelReadComplete();

    DatagramPacket first = channel.readOutbound();
    DatagramPacket second = channel.readOutbound();
    try {
      assertThat(first.recipient()).isEqualTo(CLIENT);
      assertThat(second.recipient()).isEqualTo(CLIENT_V6);
    } finally {
      first.release();
      second.release();
    }
  }

  @Test
  void datagram_longerThanTheLimit_isDroppedAsTruncated() {
    // The listener reads limit + 1 bytes, so a datagram that long was cut by the kernel.
    EmbeddedChannel limited =
        new EmbeddedChannel(
            new StunDatagramHandler(
                new StunDispatcher(new BindingHandler(errors), errors),
                metrics.forTransport(TransportLabel.UDP),
                null,
                548),
            new TailExceptionHandler());
    ByteBuf request = StunTestMessages.bindingRequest();
    ByteBuf cut = Unpooled.buffer(549).writeBytes(request);
    request.release();
    cut.writeZero(549 - cut.readableBytes());

    limited.writeInbound(new DatagramPacket(cut, SERVER, CLIENT));

    assertThat((Object) limited.readOutbound()).as("nothing sent").isNull();
    assertThat(dropped("truncated")).isEqualTo(1.0);
    assertThat(cut.refCnt()).isZero();
    assertThat(limited.finish()).isFalse();
  }
}

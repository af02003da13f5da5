package dev.ferry.turn.dispatch;

import static dev.ferry.turn.dispatch.TurnHarness.CLIENT;
import static dev.ferry.turn.dispatch.TurnHarness.CLIENT2;
import static dev.ferry.turn.dispatch.TurnHarness.PEER;
import static dev.ferry.turn.dispatch.TurnHarness.PEER2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.StunWriter;
import dev.ferry.stun.attribute.Data;
import dev.ferry.stun.attribute.ErrorCode;
import dev.ferry.stun.attribute.Lifetime;
import dev.ferry.stun.attribute.XorPeerAddress;
import dev.ferry.stun.integrity.MessageIntegrity;
import dev.ferry.turn.TurnClient;
import dev.ferry.turn.allocation.AllocationLimits;
import dev.ferry.turn.allocation.LifetimePolicy;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 8656 §5, §8-§12 on an allocation: Refresh, CreatePermission, ChannelBind, Send and Data
 * indications, ChannelData both ways, expiry.
 */
class TurnMethodsTest {
  private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);
  private TurnHarness h = new TurnHarness();
  private TurnClient alice;
  private InetSocketAddress relayed;

  @AfterEach
  void close() {
    h.close();
  }

  private void allocate() {
    alice = h.alice(CLIENT);
    relayed = h.allocate(alice, CLIENT);
  }

  private StunMessage ask(int method, Consumer<StunWriter> attrs) {
    return TurnClient.wrap(h.exchange(alice.request(method, attrs), CLIENT));
  }

  private int code(StunMessage m) {
    return ErrorCode.code(m);
  }

  private void permit(InetSocketAddress peer) {
    assertThat(code(ask(StunMethod.CREATE_PERMISSION, w -> w.xorPeerAddress(peer)))).isNegative();
  }

  private void bind(int channel, InetSocketAddress peer) {
    StunMessage m =
        ask(StunMethod.CHANNEL_BIND, w -> w.channelNumber(channel).xorPeerAddress(peer));
    assertThat(code(m)).isNegative();
  }

  private void send(InetSocketAddress peer, byte[] payload) {
    h.receive(
        alice.indication(
            StunMethod.SEND, w -> w.xorPeerAddress(peer).data(Unpooled.wrappedBuffer(payload))),
        CLIENT);
  }

  private byte[] payloadTo(InetSocketAddress peer) {
    DatagramPacket out = h.toPeer(relayed);
    assertThat(out).as("a datagram to the peer").isNotNull();
    try {
      assertThat(out.recipient()).isEqualTo(peer);
      return ByteBufUtil.getBytes(out.content());
    } finally {
      out.release();
    }
  }

  // ---- §5 common rules ----

  @Test
  void refresh_withoutAllocation_returns437() {
    alice = h.alice(CLIENT);
    StunMessage m = ask(StunMethod.REFRESH, w -> {});
    assertThat(code(m)).isEqualTo(437);
    assertThat(MessageIntegrity.check(m, alice.key())).isTrue();
  }

  @Test
  void request_withOtherUsername_returns441() {
    allocate();
    TurnClient bobHere = new TurnClient("bob", "bob-pass");
    byte[] challenge = h.exchange(bobHere.request(StunMethod.REFRESH, w -> {}), CLIENT);
    assertThat(bobHere.learn(challenge)).isTrue();
    StunMessage m =
        TurnClient.wrap(h.exchange(bobHere.request(StunMethod.REFRESH, w -> {}), CLIENT));
    assertThat(code(m)).isEqualTo(441);
    assertThat(h.counter("turn.auth.failures", "reason", "wrong_credentials")).isEqualTo(1);
  }

  @Test
  void retransmission_withSameTransactionButOtherMethod_isNotAnsweredFromCache() {
    allocate();
    byte[] id = alice.newTransactionId();
    h.exchange(alice.request(StunMethod.REFRESH, id, w -> w.lifetime(1200)), CLIENT);
    StunMessage m =
        TurnClient.wrap(
            h.exchange(
                alice.request(StunMethod.CREATE_PERMISSION, id, w -> w.xorPeerAddress(PEER)),
                CLIENT));
    assertThat(m.method()).isEqualTo(StunMethod.CREATE_PERMISSION);
    assertThat(m.messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
  }

  // ---- §8.2 Refresh ----

  @Test
  void refresh_withLifetime_extendsAllocation() {
    allocate();
    StunMessage m = ask(StunMethod.REFRESH, w -> w.lifetime(1200));
    assertThat(m.messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
    assertThat(Lifetime.read(m)).isEqualTo(1200);
    h.advanceSeconds(900);
    h.services.loops().forLoop(h.channel.eventLoop()).sweep();
    assertThat(h.relay(relayed).isOpen()).isTrue();
  }

  @Test
  void refresh_lifetimeZero_deletesAndAnswersZero() {
    allocate();
    StunMessage m = ask(StunMethod.REFRESH, w -> w.lifetime(0));
    assertThat(m.messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
    assertThat(Lifetime.read(m)).isZero();
    assertThat(h.relay(relayed).isOpen()).isFalse();
    assertThat(h.ports.inUse()).isZero();
    assertThat(code(ask(StunMethod.REFRESH, w -> {}))).isEqualTo(437);
  }

  @Test
  void refresh_retransmittedDelete_returnsCachedSuccess() {
    allocate();
    byte[] id = alice.newTransactionId();
    byte[] first = h.exchange(alice.request(StunMethod.REFRESH, id, w -> w.lifetime(0)), CLIENT);
    byte[] again = h.exchange(alice.request(StunMethod.REFRESH, id, w -> w.lifetime(0)), CLIENT);
    assertThat(again).isEqualTo(first);
  }

  @Test
  void refresh_otherAddressFamily_returns443() {
    allocate();
    assertThat(code(ask(StunMethod.REFRESH, w -> w.requestedAddressFamily(2)))).isEqualTo(443);
  }

  // ---- §10.2 CreatePermission ----

  @Test
  void createPermission_withoutPeer_returns400() {
    allocate();
    assertThat(code(ask(StunMethod.CREATE_PERMISSION, w -> {}))).isEqualTo(400);
  }

  @Test
  void createPermission_loopbackPeer_returns403() {
    allocate();
    InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 9);
    assertThat(code(ask(StunMethod.CREATE_PERMISSION, w -> w.xorPeerAddress(loopback))))
        .isEqualTo(403);
    assertThat(h.counter("turn.peer.denied", "reason", "loopback")).isEqualTo(1);
  }

  @Test
  void createPermission_ipv6PeerOnIpv4Allocation_returns443() {
    allocate();
    InetSocketAddress v6 = new InetSocketAddress("2606:4700::1111", 9);
    assertThat(code(ask(StunMethod.CREATE_PERMISSION, w -> w.xorPeerAddress(v6)))).isEqualTo(443);
  }

  @Test
  void createPermission_oneForbiddenPeer_installsNone() {
    allocate();
    InetSocketAddress privatePeer = new InetSocketAddress("10.0.0.1", 9);
    StunMessage m =
        ask(StunMethod.CREATE_PERMISSION, w -> w.xorPeerAddress(PEER).xorPeerAddress(privatePeer));
    assertThat(code(m)).isEqualTo(403);
    send(PEER, HELLO);
    assertThat(h.toPeer(relayed)).isNull();
  }

  @Test
  void createPermission_overCapacity_returns508AndInstallsNone() {
    AllocationLimits two =
        new AllocationLimits(
            LifetimePolicy.RFC_DEFAULTS, 2, 8, 10, 100, Duration.ofSeconds(40), 64);
    h.close();
    h = new TurnHarness(two, 10, 100);
    allocate();
    InetSocketAddress third = new InetSocketAddress("93.184.216.36", 1);
    StunMessage m =
        ask(
            StunMethod.CREATE_PERMISSION,
            w -> w.xorPeerAddress(PEER).xorPeerAddress(PEER2).xorPeerAddress(third));
    assertThat(code(m)).isEqualTo(508);
    send(PEER, HELLO);
    assertThat(h.toPeer(relayed)).isNull();
  }

  @Test
  void createPermission_expiresAfter300Seconds() {
    allocate();
    permit(PEER);
    h.advanceSeconds(301);
    send(PEER, HELLO);
    assertThat(h.toPeer(relayed)).isNull();
  }

  // ---- §11 Send and Data ----

  @Test
  void send_withoutPermission_isDroppedSilently() {
    allocate();
    send(PEER, HELLO);
    assertThat(h.toPeer(relayed)).isNull();
    assertThat(h.nextTo(CLIENT)).isNull();
    assertThat(h.counter("turn.peer.denied", "reason", "no_permission")).isEqualTo(1);
  }

  @Test
  void send_withPermission_relaysDataToPeer() {
    allocate();
    permit(PEER);
    send(new InetSocketAddress(PEER.getAddress(), 7777), HELLO);
    assertThat(payloadTo(new InetSocketAddress(PEER.getAddress(), 7777))).isEqualTo(HELLO);
    assertThat(h.counter("turn.relayed.packets", "direction", "to_peer")).isEqualTo(1);
    assertThat(h.counter("turn.relayed.bytes", "direction", "to_peer")).isEqualTo(5);
  }

  @Test
  void send_withoutData_isDropped() {
    allocate();
    permit(PEER);
    h.receive(alice.indication(StunMethod.SEND, w -> w.xorPeerAddress(PEER)), CLIENT);
    assertThat(h.toPeer(relayed)).isNull();
  }

  @Test
  void send_withoutAllocation_isDropped() {
    alice = new TurnClient("alice", "alice-pass");
    h.receive(
        alice.indication(
            StunMethod.SEND, w -> w.xorPeerAddress(PEER).data(Unpooled.wrappedBuffer(HELLO))),
        CLIENT);
    assertThat(h.nextTo(CLIENT)).isNull();
  }

  @Test
  void peerData_withoutChannel_arrivesAsDataIndication() {
    allocate();
    permit(PEER);
    h.fromPeer(relayed, PEER, HELLO);
    StunMessage m = TurnClient.wrap(h.nextTo(CLIENT));
    assertThat(m.method()).isEqualTo(StunMethod.DATA);
    assertThat(m.messageClass()).isEqualTo(MessageClass.INDICATION);
    assertThat(XorPeerAddress.read(m)).isEqualTo(PEER);
    assertThat(ByteBufUtil.getBytes(Data.read(m))).isEqualTo(HELLO);
    assertThat(h.counter("turn.relayed.packets", "direction", "to_client")).isEqualTo(1);
  }

  @Test
  void peerData_withoutPermission_isDropped() {
    allocate();
    permit(PEER);
    h.fromPeer(relayed, PEER2, HELLO);
    assertThat(h.nextTo(CLIENT)).isNull();
  }

  // ---- §12 channels ----

  @Test
  void channelBind_numberAbove7FFF_returns400() {
    allocate();
    StunMessage m = ask(StunMethod.CHANNEL_BIND, w -> w.channelNumber(0x8000).xorPeerAddress(PEER));
    assertThat(code(m)).isEqualTo(400);
  }

  @Test
  void channelBind_number7FFF_returns400() {
    allocate();
    StunMessage m = ask(StunMethod.CHANNEL_BIND, w -> w.channelNumber(0x7FFF).xorPeerAddress(PEER));
    assertThat(code(m)).isEqualTo(400);
  }

  @Test
  void channelBind_belowRange_returns400() {
    allocate();
    StunMessage m = ask(StunMethod.CHANNEL_BIND, w -> w.channelNumber(0x3FFF).xorPeerAddress(PEER));
    assertThat(code(m)).isEqualTo(400);
  }

  @Test
  void channelBind_rfc5766Number_accepted() {
    allocate();
    StunMessage m = ask(StunMethod.CHANNEL_BIND, w -> w.channelNumber(0x5000).xorPeerAddress(PEER));
    assertThat(m.messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
  }

  @Test
  void channelBind_rfc5766HighestNumber_accepted() {
    allocate();
    StunMessage m = ask(StunMethod.CHANNEL_BIND, w -> w.channelNumber(0x7FFE).xorPeerAddress(PEER));
    assertThat(m.messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
  }

  @Test
  void channelBind_withoutPeer_returns400() {
    allocate();
    assertThat(code(ask(StunMethod.CHANNEL_BIND, w -> w.channelNumber(0x4000)))).isEqualTo(400);
  }

  @Test
  void channelBind_numberBoundToOtherPeer_returns400() {
    allocate();
    bind(0x4001, PEER);
    StunMessage m =
        ask(StunMethod.CHANNEL_BIND, w -> w.channelNumber(0x4001).xorPeerAddress(PEER2));
    assertThat(code(m)).isEqualTo(400);
  }

  @Test
  void channelBind_peerBoundToOtherNumber_returns400() {
    allocate();
    bind(0x4001, PEER);
    StunMessage m = ask(StunMethod.CHANNEL_BIND, w -> w.channelNumber(0x4002).xorPeerAddress(PEER));
    assertThat(code(m)).isEqualTo(400);
  }

  @Test
  void channelBind_samePairAgain_refreshes() {
    allocate();
    bind(0x4001, PEER);
    bind(0x4001, PEER);
  }

  @Test
  void channelBind_forbiddenPeer_returns403() {
    allocate();
    InetSocketAddress linkLocal = new InetSocketAddress("169.254.1.1", 9);
    StunMessage m =
        ask(StunMethod.CHANNEL_BIND, w -> w.channelNumber(0x4001).xorPeerAddress(linkLocal));
    assertThat(code(m)).isEqualTo(403);
  }

  @Test
  void channelBind_ipv6Peer_returns443() {
    allocate();
    InetSocketAddress v6 = new InetSocketAddress("2606:4700::1111", 9);
    StunMessage m = ask(StunMethod.CHANNEL_BIND, w -> w.channelNumber(0x4001).xorPeerAddress(v6));
    assertThat(code(m)).isEqualTo(443);
  }

  @Test
  void channelBind_overCapacity_returns508() {
    AllocationLimits one =
        new AllocationLimits(
            LifetimePolicy.RFC_DEFAULTS, 8, 1, 10, 100, Duration.ofSeconds(40), 64);
    h.close();
    h = new TurnHarness(one, 10, 100);
    allocate();
    bind(0x4001, PEER);
    StunMessage m =
        ask(StunMethod.CHANNEL_BIND, w -> w.channelNumber(0x4002).xorPeerAddress(PEER2));
    assertThat(code(m)).isEqualTo(508);
  }

  @Test
  void channelBind_installsPermission() {
    allocate();
    bind(0x4001, PEER);
    send(PEER2, HELLO);
    assertThat(h.toPeer(relayed)).isNull();
    send(PEER, HELLO);
    assertThat(payloadTo(PEER)).isEqualTo(HELLO);
  }

  @Test
  void channelData_bound_relaysPayloadToPeer() {
    allocate();
    bind(0x4001, PEER);
    h.receive(TurnClient.channelData(0x4001, HELLO), CLIENT);
    assertThat(payloadTo(PEER)).isEqualTo(HELLO);
    assertThat(h.nextTo(CLIENT)).isNull();
  }

  @Test
  void channelData_rfc5766Number_relayed() {
    allocate();
    bind(0x7ABC, PEER);
    h.receive(TurnClient.channelData(0x7ABC, HELLO), CLIENT);
    assertThat(payloadTo(PEER)).isEqualTo(HELLO);
    assertThat(h.nextTo(CLIENT)).isNull();
  }

  @Test
  void peerData_withRfc5766Channel_arrivesAsChannelData() {
    allocate();
    bind(0x7ABC, PEER);
    h.fromPeer(relayed, PEER, HELLO);
    byte[] out = h.nextTo(CLIENT);
    assertThat(out).hasSize(4 + HELLO.length);
    assertThat(out[0]).isEqualTo((byte) 0x7A);
    assertThat(out[1]).isEqualTo((byte) 0xBC);
  }

  @Test
  void channelData_channel7fff_isDropped() {
    allocate();
    bind(0x7FFE, PEER);
    h.receive(TurnClient.channelData(0x7FFF, HELLO), CLIENT);
    assertThat(h.toPeer(relayed)).isNull();
  }

  @Test
  void channelData_unbound_isDropped() {
    allocate();
    bind(0x4001, PEER);
    h.receive(TurnClient.channelData(0x4002, HELLO), CLIENT);
    assertThat(h.toPeer(relayed)).isNull();
  }

  @Test
  void channelData_shorterThanLength_isDropped() {
    allocate();
    bind(0x4001, PEER);
    var data = Unpooled.buffer().writeShort(0x4001).writeShort(50).writeBytes(HELLO);
    h.receive(data, CLIENT);
    assertThat(h.toPeer(relayed)).isNull();
  }

  @Test
  void channelData_fromOtherClient_isDropped() {
    allocate();
    bind(0x4001, PEER);
    h.receive(TurnClient.channelData(0x4001, HELLO), CLIENT2);
    assertThat(h.toPeer(relayed)).isNull();
  }

  @Test
  void peerData_withChannel_arrivesAsChannelData() {
    allocate();
    bind(0x4001, PEER);
    h.fromPeer(relayed, PEER, HELLO);
    byte[] out = h.nextTo(CLIENT);
    assertThat(out).hasSize(4 + HELLO.length);
    assertThat(out[0]).isEqualTo((byte) 0x40);
    assertThat(out[1]).isEqualTo((byte) 0x01);
    assertThat(out[3]).isEqualTo((byte) HELLO.length);
  }

  @Test
  void peerData_fromOtherPortOfBoundPeer_arrivesAsDataIndication() {
    allocate();
    bind(0x4001, PEER);
    h.fromPeer(relayed, new InetSocketAddress(PEER.getAddress(), 1234), HELLO);
    StunMessage m = TurnClient.wrap(h.nextTo(CLIENT));
    assertThat(m.method()).isEqualTo(StunMethod.DATA);
  }

  // ---- §6 expiry ----

  @Test
  void sweep_expiredAllocation_closesRelayAndReturnsPort() {
    allocate();
    h.advanceSeconds(601);
    h.services.loops().forLoop(h.channel.eventLoop()).sweep();
    assertThat(h.relay(relayed).isOpen()).isFalse();
    assertThat(h.ports.inUse()).isZero();
    assertThat(h.registry.find("turn.allocations.active").gauge().value()).isZero();
  }

  @Test
  void peerData_afterExpiry_isDropped() {
    allocate();
    permit(PEER);
    h.advanceSeconds(601);
    h.fromPeer(relayed, PEER, HELLO);
    assertThat(h.nextTo(CLIENT)).isNull();
  }
}

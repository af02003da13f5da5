package dev.ferry.turn.allocation;

import static dev.ferry.turn.allocation.Peers.PEER_A;
import static dev.ferry.turn.allocation.Peers.PEER_A_OTHER_PORT;
import static dev.ferry.turn.allocation.Peers.PEER_B;
import static dev.ferry.turn.allocation.Peers.PEER_V6;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChannelTableTest {
  private final FakeClock clock = new FakeClock();
  private final ChannelTable table = new ChannelTable(600, 300, 2);

  private long now() {
    return clock.nanoTime();
  }

  @Test
  void channelBind_belowRange_rejected() {
    ChannelBindResult result = table.bind(0x3FFF, PEER_A, now());
    assertThat(result).isEqualTo(ChannelBindResult.INVALID_CHANNEL_NUMBER);
    assertThat(result.errorCode()).isEqualTo(400);
  }

  @Test
  void channelBind_numberAbove7FFF_rejected() {
    assertThat(table.bind(0x8000, PEER_A, now()))
        .isEqualTo(ChannelBindResult.INVALID_CHANNEL_NUMBER);
  }

  @Test
  void channelBind_number7FFF_rejected() {
    assertThat(table.bind(0x7FFF, PEER_A, now()))
        .isEqualTo(ChannelBindResult.INVALID_CHANNEL_NUMBER);
  }

  @Test
  void channelBind_rfc5766Number_accepted() {
    assertThat(table.bind(0x5000, PEER_A, now())).isEqualTo(ChannelBindResult.BOUND);
    assertThat(table.byNumber(0x5000, now()).peer()).isEqualTo(PEER_A);
    assertThat(table.indexesConsistent()).isTrue();
  }

  @Test
  void channelBind_rangeEnds_accepted() {
    assertThat(table.bind(0x4000, PEER_A, now())).isEqualTo(ChannelBindResult.BOUND);
    assertThat(table.bind(0x7FFE, PEER_B, now())).isEqualTo(ChannelBindResult.BOUND);
    assertThat(table.byNumber(0x4000, now()).peer()).isEqualTo(PEER_A);
    assertThat(table.byNumber(0x7FFE, now()).peer()).isEqualTo(PEER_B);
  }

  @Test
  void channelBind_bound_foundByNumberAndByPeer() {
    table.bind(0x4001, PEER_A, now());
    assertThat(table.byNumber(0x4001, now()).peer()).isEqualTo(PEER_A);
    assertThat(table.byPeerIpv4(PEER_A.ipv4(), PEER_A.port(), now()).number()).isEqualTo(0x4001);
    assertThat(table.byPeer(PEER_A_OTHER_PORT, now())).isNull();
  }

  @Test
  void channelBind_ipv6Peer_foundByTwoLongsAndPort() {
    table.bind(0x4002, PEER_V6, now());
    assertThat(table.byPeerIpv6(PEER_V6.high(), PEER_V6.low(), PEER_V6.port(), now()).number())
        .isEqualTo(0x4002);
  }

  @Test
  void channelBind_numberBoundToOtherPeer_rejected() {
    table.bind(0x4001, PEER_A, now());
    ChannelBindResult result = table.bind(0x4001, PEER_B, now());
    assertThat(result).isEqualTo(ChannelBindResult.NUMBER_BOUND_TO_OTHER_PEER);
    assertThat(result.errorCode()).isEqualTo(400);
    assertThat(table.byNumber(0x4001, now()).peer()).isEqualTo(PEER_A);
    assertThat(table.byPeer(PEER_B, now())).isNull();
  }

  @Test
  void channelBind_samePeerIpOtherPort_isAnotherPeer() {
    table.bind(0x4001, PEER_A, now());
    assertThat(table.bind(0x4001, PEER_A_OTHER_PORT, now()))
        .isEqualTo(ChannelBindResult.NUMBER_BOUND_TO_OTHER_PEER);
  }

  @Test
  void channelBind_peerBoundToOtherNumber_rejected() {
    table.bind(0x4001, PEER_A, now());
    ChannelBindResult result = table.bind(0x4002, PEER_A, now());
    assertThat(result).isEqualTo(ChannelBindResult.PEER_BOUND_TO_OTHER_NUMBER);
    assertThat(result.errorCode()).isEqualTo(400);
    assertThat(table.byNumber(0x4002, now())).isNull();
  }

  @Test
  void channelBind_samePair_refreshes() {
    table.bind(0x4001, PEER_A, now());
    clock.advanceSeconds(500);
    assertThat(table.bind(0x4001, PEER_A, now())).isEqualTo(ChannelBindResult.REFRESHED);
    clock.advanceSeconds(599);
    assertThat(table.byNumber(0x4001, now())).isNotNull();
    clock.advanceSeconds(1);
    assertThat(table.byNumber(0x4001, now())).isNull();
  }

  @Test
  void channel_afterSixHundredSeconds_stopsRelaying() {
    table.bind(0x4001, PEER_A, now());
    clock.advance(Duration.ofSeconds(600).minusNanos(1));
    assertThat(table.byNumber(0x4001, now())).isNotNull();
    clock.advance(Duration.ofNanos(1));
    assertThat(table.byNumber(0x4001, now())).isNull();
    assertThat(table.byPeer(PEER_A, now())).isNull();
  }

  @Test
  void channel_afterExpiry_isQuarantinedForFiveMinutes() {
    table.bind(0x4001, PEER_A, now());
    clock.advanceSeconds(600);
    table.sweep(now());
    assertThat(table.bind(0x4001, PEER_B, now()))
        .isEqualTo(ChannelBindResult.NUMBER_BOUND_TO_OTHER_PEER);
    assertThat(table.bind(0x4002, PEER_A, now()))
        .isEqualTo(ChannelBindResult.PEER_BOUND_TO_OTHER_NUMBER);
    clock.advance(Duration.ofSeconds(300).minusNanos(1));
    table.sweep(now());
    assertThat(table.bind(0x4001, PEER_B, now()))
        .isEqualTo(ChannelBindResult.NUMBER_BOUND_TO_OTHER_PEER);
  }

  @Test
  void channel_afterQuarantine_numberAndPeerMayBeRepaired() {
    table.bind(0x4001, PEER_A, now());
    clock.advanceSeconds(900);
    assertThat(table.bind(0x4001, PEER_B, now())).isEqualTo(ChannelBindResult.BOUND);
    assertThat(table.bind(0x4002, PEER_A, now())).isEqualTo(ChannelBindResult.BOUND);
    assertThat(table.byPeer(PEER_B, now()).number()).isEqualTo(0x4001);
    assertThat(table.byNumber(0x4002, now()).peer()).isEqualTo(PEER_A);
    assertThat(table.indexesConsistent()).isTrue();
  }

  @Test
  void channel_duringQuarantine_samePairMayRebind() {
    table.bind(0x4001, PEER_A, now());
    clock.advanceSeconds(700);
    assertThat(table.bind(0x4001, PEER_A, now())).isEqualTo(ChannelBindResult.BOUND);
    assertThat(table.byNumber(0x4001, now()).peer()).isEqualTo(PEER_A);
  }

  @Test
  void channelBind_overCapacity_returnsCapacity() {
    table.bind(0x4001, PEER_A, now());
    table.bind(0x4002, PEER_B, now());
    ChannelBindResult result = table.bind(0x4003, PEER_V6, now());
    assertThat(result).isEqualTo(ChannelBindResult.CAPACITY);
    assertThat(result.errorCode()).isEqualTo(508);
    assertThat(table.byNumber(0x4003, now())).isNull();
  }

  @Test
  void channelBind_quarantinedBindings_doNotCountAgainstCapacity() {
    table.bind(0x4001, PEER_A, now());
    table.bind(0x4002, PEER_B, now());
    clock.advanceSeconds(600);
    assertThat(table.bind(0x4003, PEER_V6, now())).isEqualTo(ChannelBindResult.BOUND);
  }

  @Test
  void sweep_countsEachExpiryOnceAndReapsAfterQuarantine() {
    table.bind(0x4001, PEER_A, now());
    clock.advanceSeconds(600);
    assertThat(table.sweep(now())).isEqualTo(1);
    assertThat(table.sweep(now())).isZero();
    assertThat(table.size()).isEqualTo(1);
    clock.advanceSeconds(300);
    table.sweep(now());
    assertThat(table.size()).isZero();
    assertThat(table.indexesConsistent()).isTrue();
  }

  @Test
  void check_doesNotChangeState() {
    assertThat(table.check(0x4001, PEER_A, now())).isEqualTo(ChannelBindResult.BOUND);
    assertThat(table.size()).isZero();
  }

  @Test
  void channel_nearLongMaxValue_expiresAndQuarantinesOnTime() {
    FakeClock nearMax = new FakeClock(Long.MAX_VALUE - 1_000_000_000L);
    table.bind(0x4001, PEER_A, nearMax.nanoTime());
    nearMax.advanceSeconds(599);
    assertThat(table.byNumber(0x4001, nearMax.nanoTime())).isNotNull();
    nearMax.advanceSeconds(1);
    assertThat(table.byNumber(0x4001, nearMax.nanoTime())).isNull();
    assertThat(table.bind(0x4001, PEER_B, nearMax.nanoTime()))
        .isEqualTo(ChannelBindResult.NUMBER_BOUND_TO_OTHER_PEER);
    nearMax.advanceSeconds(300);
    assertThat(table.bind(0x4001, PEER_B, nearMax.nanoTime())).isEqualTo(ChannelBindResult.BOUND);
  }
}

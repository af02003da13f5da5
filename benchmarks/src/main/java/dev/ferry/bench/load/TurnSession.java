package dev.ferry.bench.load;

import dev.ferry.stun.DecodeStatus;
import dev.ferry.stun.ErrorCodes;
import dev.ferry.stun.MessageClass;
import dev.ferry.stun.StunMessage;
import dev.ferry.stun.StunMethod;
import dev.ferry.stun.StunWriter;
import dev.ferry.stun.attribute.ErrorCode;
import dev.ferry.stun.attribute.Nonce;
import dev.ferry.stun.attribute.Realm;
import dev.ferry.stun.attribute.XorRelayedAddress;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One TURN client with one allocation, confined to its channel's event loop: runs the setup
 * (Allocate, 401, authenticated Allocate, CreatePermission, ChannelBind; RFC 8656 §7, §9, §11),
 * then sends stamped ChannelData and times the echoes, then releases the allocation.
 *
 * <p>Marked sharable only so that a session whose 5-tuple collided can move to a fresh channel: it
 * is in one pipeline at a time.
 */
@Sharable
final class TurnSession extends ChannelInboundHandlerAdapter {
  /** The channel number every session binds: each session has its own 5-tuple. */
  static final int CHANNEL = 0x4000;

  private static final int UDP = 17;
  private static final int FIRST_RTO_MILLIS = 200;
  private static final int MAX_ATTEMPTS = 6;
  private static final int MAX_STALE_NONCES = 3;

  private enum State {
    IDLE,
    PROBING,
    ALLOCATING,
    PERMITTING,
    BINDING,
    READY,
    RELEASING,
    DONE
  }

  private final Credentials credentials;
  private final InetSocketAddress peer;
  private final InetSocketAddress source;
  private final int lifetimeSeconds;
  private final boolean probeOnly;
  private final SessionEvents events;
  private final StunWriter writer = new StunWriter();
  private final StunMessage view = new StunMessage();
  private final byte[] transactionId = new byte[StunMessage.TRANSACTION_ID_LENGTH];

  private volatile Channel channel;
  private LoopStats stats;
  private State state = State.IDLE;
  private ByteBuf pending;
  private ScheduledFuture<?> retransmit;
  private int attempts;
  private int staleNonces;
  private String realm;
  private String nonce;
  private byte[] key;
  private InetSocketAddress relayed;
  private long setupStartNanos;
  private String failure;

  private TrafficPlan plan;
  private KernelStamps stamps = KernelStamps.OFF;
  private int payload;
  private long sequence;
  private int inFlight;
  private long nextSendNanos;
  private long receivedAtLastCheck;
  private long lastCheckNanos;
  private boolean stopped;
  int collisions;
  long sent;
  long received;
  long sentMeasured;
  long receivedMeasured;

  TurnSession(
      Credentials credentials,
      InetSocketAddress peer,
      InetSocketAddress source,
      int lifetimeSeconds,
      boolean probeOnly,
      SessionEvents events) {
    this.credentials = credentials;
    this.peer = peer;
    this.source = source;
    this.lifetimeSeconds = lifetimeSeconds;
    this.probeOnly = probeOnly;
    this.events = events;
  }

  /** Starts the setup on {@code channel}, which is connected to the server; on its loop. */
  void start(Channel channel, LoopStats stats) {
    this.channel = channel;
    this.stats = stats;
    this.setupStartNanos = System.nanoTime();
    state = State.PROBING;
    sendAllocate(false);
  }

  /** The local address to bind, or null for any. */
  InetSocketAddress source() {
    return source;
  }

  Channel channel() {
    return channel;
  }

  InetSocketAddress relayedAddress() {
    return relayed;
  }

  String realm() {
    return realm;
  }

  String failure() {
    return failure;
  }

  boolean isReady() {
    return state == State.READY;
  }

  // ---- setup: requests and retransmission (RFC 8489 §6.2.1) ----

  private void sendAllocate(boolean authenticated) {
    ByteBuf out = begin(StunMethod.ALLOCATE);
    writer.requestedTransport(UDP).lifetime(lifetimeSeconds);
    if (authenticated) {
      authenticate();
    } else {
      writer.fingerprint();
    }
    transmit(out);
  }

  private void sendCreatePermission() {
    ByteBuf out = begin(StunMethod.CREATE_PERMISSION);
    writer.xorPeerAddress(peer);
    authenticate();
    transmit(out);
  }

  private void sendChannelBind() {
    ByteBuf out = begin(StunMethod.CHANNEL_BIND);
    writer.channelNumber(CHANNEL).xorPeerAddress(peer);
    authenticate();
    transmit(out);
  }

  private void sendRefreshZero() {
    ByteBuf out = begin(StunMethod.REFRESH);
    writer.lifetime(0);
    authenticate();
    transmit(out);
  }

  private ByteBuf begin(int method) {
    ByteBuf out = channel.alloc().buffer(256);
    ThreadLocalRandom.current().nextBytes(transactionId);
    writer.begin(out, method, MessageClass.REQUEST, transactionId);
    return out;
  }

  private void authenticate() {
    writer
        .username(credentials.username())
        .realm(realm)
        .nonce(nonce)
        .messageIntegrity(key)
        .fingerprint();
  }

  private void transmit(ByteBuf request) {
    releasePending();
    pending = request;
    attempts = 0;
    attempt();
  }

  private void attempt() {
    attempts++;
    channel.writeAndFlush(pending.retainedDuplicate(), channel.voidPromise());
    long rto = (long) FIRST_RTO_MILLIS << (attempts - 1);
    retransmit = channel.eventLoop().schedule(this::onTimeout, rto, TimeUnit.MILLISECONDS);
  }

  private void onTimeout() {
    if (pending == null) {
      return;
    }
    if (attempts < MAX_ATTEMPTS) {
      attempt();
    } else if (state == State.RELEASING) {
      finish();
    } else {
      fail(state + ": no response after " + attempts + " attempts");
    }
  }

  private void releasePending() {
    if (retransmit != null) {
      retransmit.cancel(false);
      retransmit = null;
    }
    if (pending != null) {
      pending.release();
      pending = null;
    }
  }

  // ---- inbound ----

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf content = msg instanceof DatagramPacket p ? p.content() : (ByteBuf) msg;
    try {
      if (Stamp.isStampedFrame(content, CHANNEL)) {
        onEcho(content);
      } else if (pending != null && view.wrap(content) == DecodeStatus.OK) {
        onStunMessage();
        view.clear();
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // ICMP port unreachable and friends: the retransmission timer decides what they mean.
  }

  private void onStunMessage() {
    if (!view.messageClass().isResponse() || !view.transactionIdEquals(transactionId)) {
      return;
    }
    releasePending();
    if (view.messageClass() == MessageClass.ERROR_RESPONSE) {
      onError(ErrorCode.code(view));
    } else {
      onSuccess();
    }
  }

  private void onError(int code) {
    if (state == State.PROBING && code == ErrorCodes.UNAUTHENTICATED) {
      if (!learnRealmAndNonce()) {
        fail("401 without REALM or NONCE");
      } else if (probeOnly) {
        state = State.DONE;
        events.ready(this);
      } else {
        key = credentials.key(realm);
        state = State.ALLOCATING;
        sendAllocate(true);
      }
    } else if (state == State.PROBING && code == ErrorCodes.ALLOCATION_MISMATCH) {
      state = State.IDLE;
      events.collided(this);
    } else if (code == ErrorCodes.STALE_NONCE
        && state != State.PROBING
        && staleNonces++ < MAX_STALE_NONCES
        && learnRealmAndNonce()) {
      key = credentials.key(realm);
      resend();
    } else if (state == State.RELEASING) {
      finish();
    } else {
      fail(state + ": error " + code + " " + ErrorCode.reason(view));
    }
  }

  private boolean learnRealmAndNonce() {
    String newRealm = Realm.read(view);
    String newNonce = Nonce.read(view);
    if (newRealm == null || newNonce == null) {
      return false;
    }
    realm = newRealm;
    nonce = newNonce;
    return true;
  }

  private void resend() {
    switch (state) {
      case ALLOCATING -> sendAllocate(true);
      case PERMITTING -> sendCreatePermission();
      case BINDING -> sendChannelBind();
      case RELEASING -> sendRefreshZero();
      default -> fail(state + ": unexpected 438");
    }
  }

  private void onSuccess() {
    switch (state) {
      case PROBING -> fail("the server allocated without authentication");
      case ALLOCATING -> {
        relayed = XorRelayedAddress.read(view);
        state = State.PERMITTING;
        sendCreatePermission();
      }
      case PERMITTING -> {
        state = State.BINDING;
        sendChannelBind();
      }
      case BINDING -> {
        state = State.READY;
        LoopStats.record(stats.setupMicros, System.nanoTime() - setupStartNanos);
        events.ready(this);
      }
      case RELEASING -> finish();
      default -> {}
    }
  }

  private void fail(String reason) {
    releasePending();
    failure = reason;
    state = State.DONE;
    events.failed(this, reason);
  }

  private void finish() {
    releasePending();
    state = State.DONE;
    events.released(this);
  }

  /** Deletes the allocation with a Refresh of lifetime 0 (RFC 8656 §8); on the loop. */
  void release() {
    stopped = true;
    if (state == State.READY) {
      state = State.RELEASING;
      staleNonces = 0;
      sendRefreshZero();
    } else {
      events.released(this);
    }
  }

  /** Drops any request in flight; on the loop, before the channel closes. */
  void abandon() {
    releasePending();
    stopped = true;
  }

  // ---- traffic ----

  /** Begins the traffic phase; on the loop. Paced sessions are spread evenly over one interval. */
  void startTraffic(TrafficPlan plan, KernelStamps stamps, int payload, int index, int count) {
    this.plan = plan;
    this.stamps = stamps;
    stamps.enable(channel);
    this.payload = payload;
    this.lastCheckNanos = plan.startNanos();
    if (state != State.READY) {
      return;
    }
    if (plan.mode() == Mode.PACED) {
      nextSendNanos = plan.startNanos() + plan.intervalNanos() * index / Math.max(1, count);
    } else {
      topUp(System.nanoTime());
      channel.flush();
    }
  }

  /** Called by the loop's ticker: sends what pacing allows and restarts stalled windows. */
  void tick(long now) {
    if (stopped || plan == null || state != State.READY || !plan.sending(now)) {
      return;
    }
    boolean wrote = false;
    if (plan.mode() == Mode.PACED) {
      if (now - nextSendNanos > 50 * plan.intervalNanos() + 50_000_000L) {
        // Far behind (a GC or a stalled loop): skip rather than burst.
        nextSendNanos = now;
      }
      while (now - nextSendNanos >= 0 && sent < plan.maxPackets()) {
        sendOne(now);
        nextSendNanos += plan.intervalNanos();
        wrote = true;
      }
    } else if (now - lastCheckNanos >= plan.stallNanos()) {
      if (received == receivedAtLastCheck && inFlight > 0) {
        // The whole window was lost: count it as gone and send a fresh one.
        inFlight = 0;
        topUp(now);
        wrote = true;
      }
      receivedAtLastCheck = received;
      lastCheckNanos = now;
    }
    if (wrote) {
      channel.flush();
    }
  }

  /** Stops sending; on the loop. */
  void stop() {
    stopped = true;
  }

  private void topUp(long now) {
    while (inFlight < plan.window() && sent < plan.maxPackets()) {
      sendOne(now);
    }
  }

  private void sendOne(long now) {
    ByteBuf out = channel.alloc().directBuffer(Stamp.HEADER + payload);
    Stamp.write(out, CHANNEL, payload, sequence++, now, stamps.now());
    channel.write(out, channel.voidPromise());
    sent++;
    inFlight++;
    if (plan.measured(now)) {
      sentMeasured++;
    }
  }

  /**
   * The round trip as the kernel saw it (client send to the kernel's receipt of the echo), less the
   * time the echo peer held the datagram: what the relay and the paths through it added, without
   * the generator's own wake-ups.
   */
  private void recordRelayShare(ByteBuf frame) {
    if (!stamps.on()) {
      return;
    }
    long sentAt = Stamp.sentAtRealtime(frame);
    long turnaround = Stamp.peerTurnaround(frame);
    long receivedAt = stamps.receivedAt(channel);
    if (sentAt > 0 && turnaround > 0 && receivedAt > 0) {
      LoopStats.record(stats.relayRttMicros, receivedAt - sentAt - turnaround);
    }
  }

  private void onEcho(ByteBuf frame) {
    long now = System.nanoTime();
    long sentAt = Stamp.sentAtNanos(frame);
    received++;
    if (inFlight > 0) {
      inFlight--;
    }
    if (plan == null) {
      return;
    }
    if (plan.measured(sentAt)) {
      receivedMeasured++;
      stats.recordRtt(sentAt, now);
      recordRelayShare(frame);
    }
    if (plan.mode() == Mode.FLOOD && !stopped && plan.sending(now)) {
      topUp(now);
    }
  }
}

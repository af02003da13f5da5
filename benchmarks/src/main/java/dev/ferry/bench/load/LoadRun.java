package dev.ferry.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Drives one run: binds the echo peers, sets up the allocations with bounded concurrency, runs the
 * traffic phase on per-loop tickers, collects the counters, and releases every allocation. Every
 * wait is bounded, so the run ends by itself.
 */
final class LoadRun implements SessionEvents {
  private static final int SOCKET_BUFFER = 4 << 20;
  private static final int MAX_FAILURES_KEPT = 5;

  private final LoadConfig config;
  private final Credentials credentials;
  private final Transports transports;
  private final List<TurnSession> sessions = new ArrayList<>();
  private final Map<EventLoop, LoopStats> statsByLoop = new HashMap<>();
  private final AtomicInteger nextToLaunch = new AtomicInteger();
  private final AtomicInteger ready = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicLong lastReadyNanos = new AtomicLong();
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private final List<Channel> peers = new ArrayList<>();
  private CountDownLatch setupDone;
  private CountDownLatch releaseDone;
  private Bootstrap clientBootstrap;
  private long setupStartNanos;

  LoadRun(LoadConfig config, Credentials credentials) {
    this.config = config;
    this.credentials = credentials;
    this.transports = Transports.choose(config.transport());
  }

  LoadResult run() throws InterruptedException {
    EventLoopGroup group = transports.group(config.threads());
    try {
      for (EventLoop loop : loops(group)) {
        statsByLoop.put(loop, new LoopStats());
      }
      bindPeers(group);
      setUp(group);
      TrafficPlan plan = null;
      if (config.mode() == Mode.FLOOD || config.mode() == Mode.PACED) {
        plan = runTraffic();
      }
      LoadResult result = collect(plan);
      if (config.mode() != Mode.PROBE) {
        releaseAll();
      }
      return result;
    } finally {
      for (TurnSession session : sessions) {
        Channel channel = session.channel();
        if (channel != null) {
          channel.eventLoop().execute(session::abandon);
          channel.close();
        }
      }
      peers.forEach(Channel::close);
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
  }

  private static List<EventLoop> loops(EventLoopGroup group) {
    List<EventLoop> loops = new ArrayList<>();
    group.forEach(executor -> loops.add((EventLoop) executor));
    return loops;
  }

  private void bindPeers(EventLoopGroup group) throws InterruptedException {
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channel(transports.datagramChannel())
            .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
            .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
            .handler(EchoPeer.INSTANCE);
    int count = config.mode() == Mode.PROBE ? 0 : config.peerSockets();
    for (int i = 0; i < count; i++) {
      peers.add(bootstrap.bind(config.peerHost(), 0).sync().channel());
    }
  }

  // ---- setup ----

  private void setUp(EventLoopGroup group) throws InterruptedException {
    int count = config.mode() == Mode.PROBE ? 1 : config.allocations();
    for (int i = 0; i < count; i++) {
      InetSocketAddress peer =
          peers.isEmpty()
              ? new InetSocketAddress(config.peerHost(), 9)
              : (InetSocketAddress) peers.get(i % peers.size()).localAddress();
      sessions.add(
          new TurnSession(
              credentials, peer, config.lifetimeSeconds(), config.mode() == Mode.PROBE, this));
    }
    clientBootstrap =
        new Bootstrap()
            .group(group)
            .channel(transports.datagramChannel())
            .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
            .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER);
    setupDone = new CountDownLatch(count);
    setupStartNanos = System.nanoTime();
    int initial = Math.min(count, Math.max(1, config.concurrency()));
    for (int i = 0; i < initial; i++) {
      launchNext();
    }
    long timeoutMillis = (long) (config.setupTimeoutSeconds() * 1000);
    if (!setupDone.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
      addFailure("setup did not finish within " + config.setupTimeoutSeconds() + " s");
    }
  }

  private void launchNext() {
    int index = nextToLaunch.getAndIncrement();
    if (index >= sessions.size()) {
      return;
    }
    TurnSession session = sessions.get(index);
    ChannelFuture connect = clientBootstrap.clone().handler(session).connect(config.server());
    connect.addListener(
        future -> {
          if (future.isSuccess()) {
            Channel channel = connect.channel();
            session.start(channel, statsByLoop.get(channel.eventLoop()));
          } else {
            failed(session, "connect: " + future.cause());
          }
        });
  }

  @Override
  public void ready(TurnSession session) {
    ready.incrementAndGet();
    lastReadyNanos.accumulateAndGet(System.nanoTime(), Math::max);
    setupDone.countDown();
    launchNext();
  }

  @Override
  public void failed(TurnSession session, String reason) {
    failed.incrementAndGet();
    addFailure(reason);
    setupDone.countDown();
    launchNext();
  }

  @Override
  public void released(TurnSession session) {
    CountDownLatch latch = releaseDone;
    if (latch != null) {
      latch.countDown();
    }
  }

  private void addFailure(String reason) {
    if (failures.size() < MAX_FAILURES_KEPT) {
      failures.add(reason);
    }
  }

  // ---- traffic ----

  private TrafficPlan runTraffic() throws InterruptedException {
    Map<EventLoop, List<TurnSession>> byLoop = sessionsByLoop();
    TrafficPlan plan = TrafficPlan.of(config, System.nanoTime() + 20_000_000L);
    long tickNanos = config.mode() == Mode.PACED ? 1_000_000L : 10_000_000L;
    List<ScheduledFuture<?>> tickers = new ArrayList<>();
    for (Map.Entry<EventLoop, List<TurnSession>> entry : byLoop.entrySet()) {
      List<TurnSession> own = entry.getValue();
      EventLoop loop = entry.getKey();
      long delay = Math.max(0, plan.startNanos() - System.nanoTime());
      loop.schedule(
          () -> {
            for (int i = 0; i < own.size(); i++) {
              own.get(i).startTraffic(plan, config.payload(), i, own.size());
            }
          },
          delay,
          TimeUnit.NANOSECONDS);
      tickers.add(
          loop.scheduleAtFixedRate(
              () -> {
                long now = System.nanoTime();
                for (TurnSession session : own) {
                  session.tick(now);
                }
              },
              delay,
              tickNanos,
              TimeUnit.NANOSECONDS));
    }
    sleepUntil(plan.drainEndNanos());
    tickers.forEach(t -> t.cancel(false));
    return plan;
  }

  private Map<EventLoop, List<TurnSession>> sessionsByLoop() {
    Map<EventLoop, List<TurnSession>> byLoop = new IdentityHashMap<>();
    for (TurnSession session : sessions) {
      if (session.isReady()) {
        byLoop.computeIfAbsent(session.channel().eventLoop(), l -> new ArrayList<>()).add(session);
      }
    }
    return byLoop;
  }

  private static void sleepUntil(long deadlineNanos) throws InterruptedException {
    long left;
    while ((left = deadlineNanos - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(Math.min(left, 100_000_000L));
    }
  }

  // ---- results and release ----

  private LoadResult collect(TrafficPlan plan) throws InterruptedException {
    Histogram rtt = LoopStats.newHistogram();
    Histogram setup = LoopStats.newHistogram();
    long[] totals = new long[2];
    for (Map.Entry<EventLoop, LoopStats> entry : statsByLoop.entrySet()) {
      LoopStats stats = entry.getValue();
      List<TurnSession> own = new ArrayList<>();
      for (TurnSession session : sessions) {
        if (session.channel() != null && session.channel().eventLoop() == entry.getKey()) {
          own.add(session);
        }
      }
      // Read loop-confined state on the loop itself, after stopping the senders.
      try {
        entry
            .getKey()
            .submit(
                () -> {
                  for (TurnSession session : own) {
                    session.stop();
                    totals[0] += session.sentMeasured;
                    totals[1] += session.receivedMeasured;
                  }
                  rtt.add(stats.rttMicros);
                  setup.add(stats.setupMicros);
                })
            .get(5, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        addFailure("collecting counters: " + e);
      }
    }
    long lastReady = lastReadyNanos.get();
    double setupSeconds = lastReady == 0 ? 0 : (lastReady - setupStartNanos) / 1e9;
    String realm = sessions.isEmpty() ? null : sessions.get(0).realm();
    return new LoadResult(
        config,
        transports.name(),
        realm,
        ready.get(),
        failed.get(),
        List.copyOf(failures),
        setupSeconds,
        setup,
        plan == null ? 0 : plan.measuredSeconds(),
        totals[0],
        totals[1],
        rtt);
  }

  private void releaseAll() throws InterruptedException {
    List<TurnSession> live = new ArrayList<>();
    for (TurnSession session : sessions) {
      if (session.channel() != null) {
        live.add(session);
      }
    }
    releaseDone = new CountDownLatch(live.size());
    for (TurnSession session : live) {
      session.channel().eventLoop().execute(session::release);
    }
    releaseDone.await(10, TimeUnit.SECONDS);
  }
}

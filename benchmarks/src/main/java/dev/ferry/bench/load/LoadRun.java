package dev.ferry.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * Drives one run: binds the echo peers, warms the JVM with unmeasured setups, sets up the
 * allocations with bounded concurrency, runs the traffic phase on per-loop tickers, collects the
 * counters, and releases every allocation. Every wait is bounded, so the run ends by itself.
 */
final class LoadRun {
  private static final int SOCKET_BUFFER = 4 << 20;
  private static final long RELEASE_TIMEOUT_MILLIS = 10_000;

  private final LoadConfig config;
  private final Credentials credentials;
  private final Transports transports;
  private final KernelStamps stamps;
  private final Map<EventLoop, LoopStats> statsByLoop = new HashMap<>();
  private final List<Channel> peers = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  LoadRun(LoadConfig config, Credentials credentials) {
    this.config = config;
    this.credentials = credentials;
    this.transports = Transports.choose(config.transport());
    this.stamps = KernelStamps.forRun(config.mode(), transports);
  }

  LoadResult run() throws InterruptedException {
    EventLoopGroup group = transports.group(config.threads());
    SetupPass measured = null;
    try {
      group.forEach(executor -> statsByLoop.put((EventLoop) executor, new LoopStats()));
      bindPeers(group);
      Bootstrap clients = clientBootstrap(group);
      long timeoutMillis = (long) (config.setupTimeoutSeconds() * 1000);
      if (config.mode() == Mode.PROBE) {
        measured = pass(clients, 1);
        measured.run(1, timeoutMillis);
        return collect(measured, null);
      }
      warmUp(clients, timeoutMillis);
      if (config.mode() == Mode.HOLD) {
        return hold(clients, timeoutMillis);
      }
      measured = pass(clients, config.allocations());
      announce("setup");
      measured.run(config.concurrency(), timeoutMillis);
      announce("setup-done " + measured.ready());
      TrafficPlan plan = null;
      if (config.mode() == Mode.FLOOD || config.mode() == Mode.PACED) {
        announce("traffic");
        plan = runTraffic(measured.sessions());
        announce("drained");
      }
      LoadResult result = collect(measured, plan);
      measured.releaseAll(RELEASE_TIMEOUT_MILLIS);
      return result;
    } finally {
      if (measured != null) {
        measured.close();
      }
      peers.forEach(Channel::close);
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
  }

  /**
   * Runs {@code --warmup-setups} setups before the measured ones, so class loading and the
   * generator's JIT compilation do not count against the server's allocations/s; then forgets their
   * figures.
   */
  private void warmUp(Bootstrap clients, long timeoutMillis) throws InterruptedException {
    if (config.warmupSetups() == 0) {
      return;
    }
    SetupPass warm = pass(clients, config.warmupSetups());
    try {
      warm.run(config.concurrency(), timeoutMillis);
      warm.releaseAll(RELEASE_TIMEOUT_MILLIS);
      if (warm.failed() > 0) {
        notes.add("warm-up: " + warm.failed() + " failed " + warm.failures());
      }
    } finally {
      warm.close();
    }
    onEachLoop(stats -> stats.setupMicros.reset());
  }

  /**
   * Sets up {@code stages} batches of allocations, each announced in the ready file and then held
   * idle for the duration, and releases them all at the end; the result sums the stages.
   */
  private LoadResult hold(Bootstrap clients, long timeoutMillis) throws InterruptedException {
    List<SetupPass> stages = new ArrayList<>();
    try {
      int held = 0;
      int failed = 0;
      double seconds = 0;
      List<String> failures = new ArrayList<>();
      for (int stage = 1; stage <= config.stages(); stage++) {
        SetupPass pass = pass(clients, config.allocations());
        stages.add(pass);
        pass.run(config.concurrency(), timeoutMillis);
        held += pass.ready();
        failed += pass.failed();
        seconds += pass.seconds();
        failures.addAll(pass.failures());
        announce("hold " + stage + " " + held);
        sleepUntil(System.nanoTime() + (long) (config.durationSeconds() * 1e9));
      }
      LoadResult last = collect(stages.get(stages.size() - 1), null);
      failures.addAll(notes);
      for (SetupPass pass : stages) {
        pass.releaseAll(RELEASE_TIMEOUT_MILLIS);
      }
      return new LoadResult(
          config,
          last.transport(),
          last.realm(),
          held,
          failed,
          List.copyOf(failures),
          seconds,
          last.setupMicros(),
          0,
          0,
          0,
          0,
          0,
          last.rttMicros(),
          last.relayRttMicros());
    } finally {
      stages.forEach(SetupPass::close);
    }
  }

  /**
   * Appends one line to the ready file, if there is one, so a script watching it can sample the
   * server (CPU time, memory) at the phase boundaries: "setup", "setup-done N", "traffic",
   * "measured" (the warm-up is over), "drained", "hold STAGE HELD"; with a sample pid, each line
   * carries the sample itself.
   */
  private void announce(String line) {
    if (config.readyFile() == null) {
      return;
    }
    if (config.samplePid() > 0) {
      line = line + " " + ProcessSample.line(config.samplePid());
    }
    try {
      Files.writeString(
          config.readyFile(),
          line + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.SYNC);
    } catch (IOException e) {
      notes.add("ready file: " + e);
    }
  }

  private SetupPass pass(Bootstrap clients, int count) {
    SetupPass pass = new SetupPass(clients, config.server(), statsByLoop);
    for (int i = 0; i < count; i++) {
      InetSocketAddress peer =
          peers.isEmpty()
              ? new InetSocketAddress(config.peerHost(), 9)
              : (InetSocketAddress) peers.get(i % peers.size()).localAddress();
      pass.add(
          new TurnSession(
              credentials,
              peer,
              source(i),
              config.lifetimeSeconds(),
              config.mode() == Mode.PROBE,
              pass));
    }
    return pass;
  }

  /**
   * The local address of client {@code index}: any address with one source, else one of 127.1.0.1,
   * 127.1.0.2, ... in turn. Servers rate-limit unauthenticated answers per source IP (as Ferry
   * does, against amplification), while real clients come from many addresses; loopback routes all
   * of 127/8, so the generator can be many clients at once.
   */
  private InetSocketAddress source(int index) {
    if (config.sourceIps() <= 1) {
      return null;
    }
    int k = 1 + index % config.sourceIps();
    byte[] ip = {127, 1, (byte) (k >> 8), (byte) k};
    try {
      return new InetSocketAddress(InetAddress.getByAddress(ip), 0);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a four-byte address is always valid", e);
    }
  }

  private Bootstrap clientBootstrap(EventLoopGroup group) {
    return new Bootstrap()
        .group(group)
        .channel(transports.datagramChannel())
        .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
        .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER);
  }

  private void bindPeers(EventLoopGroup group) throws InterruptedException {
    if (config.mode() == Mode.PROBE) {
      return;
    }
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channel(transports.datagramChannel())
            .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
            .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
            .handler(new EchoPeer(stamps));
    for (int i = 0; i < config.peerSockets(); i++) {
      peers.add(bootstrap.bind(config.peerHost(), 0).sync().channel());
    }
  }

  // ---- traffic ----

  private TrafficPlan runTraffic(List<TurnSession> sessions) throws InterruptedException {
    Map<EventLoop, List<TurnSession>> byLoop = new IdentityHashMap<>();
    for (TurnSession session : sessions) {
      if (session.isReady()) {
        byLoop.computeIfAbsent(session.channel().eventLoop(), l -> new ArrayList<>()).add(session);
      }
    }
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
              own.get(i).startTraffic(plan, stamps, config.payload(), i, own.size());
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
    sleepUntil(plan.measureStartNanos());
    // The measured window starts here: CPU sampled from now on excludes the warm-up, in which this
    // JVM itself is still compiling.
    announce("measured");
    sleepUntil(plan.drainEndNanos());
    tickers.forEach(t -> t.cancel(false));
    return plan;
  }

  private static void sleepUntil(long deadlineNanos) throws InterruptedException {
    long left;
    while ((left = deadlineNanos - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(Math.min(left, 100_000_000L));
    }
  }

  // ---- results ----

  private interface LoopTask {
    void run(LoopStats stats);
  }

  private void onEachLoop(LoopTask task) throws InterruptedException {
    for (Map.Entry<EventLoop, LoopStats> entry : statsByLoop.entrySet()) {
      try {
        entry.getKey().submit(() -> task.run(entry.getValue())).get(5, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        notes.add("loop task failed: " + e);
      }
    }
  }

  private LoadResult collect(SetupPass pass, TrafficPlan plan) throws InterruptedException {
    Histogram rtt = LoopStats.newHistogram();
    Histogram relayRtt = LoopStats.newHistogram();
    Histogram setup = LoopStats.newHistogram();
    long[] totals = new long[4];
    Map<EventLoop, List<TurnSession>> byLoop = new IdentityHashMap<>();
    for (TurnSession session : pass.sessions()) {
      Channel channel = session.channel();
      if (channel != null) {
        byLoop.computeIfAbsent(channel.eventLoop(), l -> new ArrayList<>()).add(session);
      }
    }
    // Loop-confined state is read on its loop, after the senders stop.
    for (Map.Entry<EventLoop, LoopStats> entry : statsByLoop.entrySet()) {
      List<TurnSession> own = byLoop.getOrDefault(entry.getKey(), List.of());
      LoopStats stats = entry.getValue();
      try {
        entry
            .getKey()
            .submit(
                () -> {
                  for (TurnSession session : own) {
                    session.stop();
                    totals[0] += session.sentMeasured;
                    totals[1] += session.receivedMeasured;
                    totals[2] += session.sent;
                    totals[3] += session.received;
                  }
                  rtt.add(stats.rttMicros);
                  relayRtt.add(stats.relayRttMicros);
                  setup.add(stats.setupMicros);
                  stats.printSlow();
                })
            .get(5, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        notes.add("collecting counters: " + e);
      }
    }
    List<String> failures = new ArrayList<>(pass.failures());
    failures.addAll(notes);
    String realm = pass.sessions().isEmpty() ? null : pass.sessions().get(0).realm();
    return new LoadResult(
        config,
        transports.name(),
        realm,
        pass.ready(),
        pass.failed(),
        List.copyOf(failures),
        pass.seconds(),
        setup,
        plan == null ? 0 : plan.measuredSeconds(),
        totals[0],
        totals[1],
        totals[2],
        totals[3],
        rtt,
        relayRtt);
  }
}

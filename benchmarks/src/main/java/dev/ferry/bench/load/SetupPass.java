package dev.ferry.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sets up a batch of sessions with at most {@code concurrency} in flight, and later releases them;
 * counts what succeeded and when, so the run can report allocations/s.
 */
final class SetupPass implements SessionEvents {
  private static final int MAX_FAILURES_KEPT = 5;
  private static final int MAX_COLLISIONS = 3;

  private final List<TurnSession> sessions = new ArrayList<>();
  private final Bootstrap bootstrap;
  private final SocketAddress server;
  private final Map<EventLoop, LoopStats> statsByLoop;
  private final AtomicInteger nextToLaunch = new AtomicInteger();
  private final AtomicInteger ready = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicLong lastReadyNanos = new AtomicLong();
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private CountDownLatch setupDone;
  private volatile CountDownLatch releaseDone;
  private long startNanos;

  SetupPass(Bootstrap bootstrap, SocketAddress server, Map<EventLoop, LoopStats> statsByLoop) {
    this.bootstrap = bootstrap;
    this.server = server;
    this.statsByLoop = statsByLoop;
  }

  /** Adds a session built with this pass as its {@link SessionEvents}; before {@link #run}. */
  void add(TurnSession session) {
    sessions.add(session);
  }

  List<TurnSession> sessions() {
    return sessions;
  }

  /** Runs the setups; false if they did not all finish within {@code timeoutMillis}. */
  boolean run(int concurrency, long timeoutMillis) throws InterruptedException {
    setupDone = new CountDownLatch(sessions.size());
    startNanos = System.nanoTime();
    int initial = Math.min(sessions.size(), Math.max(1, concurrency));
    for (int i = 0; i < initial; i++) {
      launchNext();
    }
    boolean finished = setupDone.await(timeoutMillis, TimeUnit.MILLISECONDS);
    if (!finished) {
      addFailure("setup did not finish within " + timeoutMillis + " ms");
    }
    return finished;
  }

  private void launchNext() {
    int index = nextToLaunch.getAndIncrement();
    if (index >= sessions.size()) {
      return;
    }
    connect(sessions.get(index));
  }

  private void connect(TurnSession session) {
    Bootstrap handled = bootstrap.clone().handler(session);
    ChannelFuture connect =
        session.source() == null
            ? handled.connect(server)
            : handled.connect(server, session.source());
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
  public void collided(TurnSession session) {
    if (session.collisions++ >= MAX_COLLISIONS) {
      failed(session, "437 on " + session.collisions + " fresh sockets in a row");
      return;
    }
    // Relaunch once the old channel is gone, so the handler may join a new pipeline.
    session.channel().close().addListener(closed -> connect(session));
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

  int ready() {
    return ready.get();
  }

  int failed() {
    return failed.get();
  }

  List<String> failures() {
    return List.copyOf(failures);
  }

  /** From the first launch to the last successful setup; 0 if none succeeded. */
  double seconds() {
    long last = lastReadyNanos.get();
    return last == 0 ? 0 : (last - startNanos) / 1e9;
  }

  /** Deletes every allocation (Refresh, lifetime 0), waiting at most {@code timeoutMillis}. */
  void releaseAll(long timeoutMillis) throws InterruptedException {
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
    releaseDone.await(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** Closes every session's socket (dropping requests in flight). */
  void close() {
    for (TurnSession session : sessions) {
      Channel channel = session.channel();
      if (channel != null) {
        channel.eventLoop().execute(session::abandon);
        channel.close();
      }
    }
  }
}

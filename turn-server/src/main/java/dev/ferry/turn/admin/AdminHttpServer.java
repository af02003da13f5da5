package dev.ferry.turn.admin;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Serves {@code /metrics}, {@code /healthz} and {@code /readyz} over plain HTTP with the JDK's
 * server, so that scrapes and probes never touch the Netty event loops and need no dependency.
 */
public final class AdminHttpServer implements AutoCloseable {
  /** Pending connections the kernel queues; scrapers and probes come one at a time. */
  static final int BACKLOG = 16;

  /** Worker threads; a scrape takes milliseconds. */
  static final int THREADS = 2;

  /** Requests waiting for a worker; beyond that the accepting thread serves them itself. */
  static final int QUEUE = 32;

  private final HttpServer server;
  private final ThreadPoolExecutor workers;
  private final AtomicBoolean closed = new AtomicBoolean();

  private AdminHttpServer(HttpServer server, ThreadPoolExecutor workers) {
    this.server = server;
    this.workers = workers;
  }

  /**
   * Binds {@code address} and starts serving.
   *
   * @param ready answers {@code /readyz}: true while every listener is bound and the server is not
   *     stopping
   * @throws IOException when the address cannot be bound
   */
  public static AdminHttpServer start(
      InetSocketAddress address, PrometheusMeterRegistry registry, BooleanSupplier ready)
      throws IOException {
    HttpServer server = HttpServer.create(address, BACKLOG);
    // Bounded queue; when it is full the caller (the accepting thread) runs the request, which
    // stops it accepting more: back-pressure instead of an unbounded backlog or dropped sockets.
    ThreadPoolExecutor workers =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            new DefaultThreadFactory("ferry-admin", true),
            new ThreadPoolExecutor.CallerRunsPolicy());
    server.setExecutor(workers);
    server.createContext("/", new AdminEndpoints(registry, ready));
    server.start();
    return new AdminHttpServer(server, workers);
  }

  /** The bound address (the real port when 0 was asked for). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** Stops accepting and ends the workers; a scrape in progress is cut off (scrapers retry). */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    // stop(n > 0) waits the full n seconds on some JDKs even when idle; nothing here needs a drain.
    server.stop(0);
    workers.shutdown();
    try {
      workers.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.ferry.bench;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs JMH worker threads as Netty {@code FastThreadLocalThread}s, like event loops, because Netty
 * 4.2 gives pooled-buffer thread caches and object recycling only to such threads: measured on
 * plain threads, every pooled buffer would look like a heap allocation the server never makes.
 *
 * <p>JMH instantiates it through {@code -Djmh.executor=CUSTOM -Djmh.executor.class=...}; see {@link
 * BenchmarkJvm}.
 */
public final class EventLoopLikeExecutor extends ThreadPoolExecutor {

  /** The constructor JMH's CUSTOM executor type calls. */
  public EventLoopLikeExecutor(int maxThreads, String prefix) {
    super(
        maxThreads,
        maxThreads,
        1,
        TimeUnit.MINUTES,
        new LinkedBlockingQueue<>(),
        new DefaultThreadFactory(prefix, true));
  }
}

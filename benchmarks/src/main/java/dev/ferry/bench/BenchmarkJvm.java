package dev.ferry.bench;

/**
 * JVM flags every benchmark fork gets, so each benchmark measures the server's steady state rather
 * than test-harness artefacts.
 */
public final class BenchmarkJvm {

  /** Worker threads behave like event loops (see {@link EventLoopLikeExecutor}). */
  public static final String EXECUTOR = "-Djmh.executor=CUSTOM";

  /** The executor class JMH instantiates. */
  public static final String EXECUTOR_CLASS =
      "-Djmh.executor.class=dev.ferry.bench.EventLoopLikeExecutor";

  /**
   * Netty's sampling leak detector (level SIMPLE) captures a stack trace for about one buffer in
   * 128, which shows up as tens of B/op on buffer-heavy benchmarks; deployments that care about
   * allocation turn it off too.
   */
  public static final String NO_LEAK_DETECTION = "-Dio.netty.leakDetection.level=disabled";

  private BenchmarkJvm() {}
}

package dev.ferry.testing;

import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A Netty leak detector that records leaks so that a test fails on them instead of only logging.
 *
 * <p>Installed with {@code
 * -Dio.netty.customResourceLeakDetector=dev.ferry.testing.RecordingLeakDetector} in every test JVM
 * (see the root pom); {@link LeakCheckExtension} reads what it recorded.
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {
  private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();

  /** Called reflectively by Netty's detector factory. */
  public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
    super(resourceType, samplingInterval, maxActive);
  }

  /** Called reflectively by Netty's detector factory (newer signature). */
  public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
    super(resourceType, samplingInterval);
  }

  @Override
  protected void reportTracedLeak(String resourceType, String records) {
    LEAKS.add("LEAK of " + resourceType + ":" + records);
    super.reportTracedLeak(resourceType, records);
  }

  @Override
  protected void reportUntracedLeak(String resourceType) {
    LEAKS.add("LEAK of " + resourceType + " (no records)");
    super.reportUntracedLeak(resourceType);
  }

  /** Returns and forgets every leak recorded so far. */
  static List<String> drain() {
    List<String> out = new ArrayList<>();
    for (String leak; (leak = LEAKS.poll()) != null; ) {
      out.add(leak);
    }
    return out;
  }
}

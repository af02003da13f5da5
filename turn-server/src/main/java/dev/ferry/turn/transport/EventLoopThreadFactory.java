package dev.ferry.turn.transport;

import dev.ferry.turn.nativeudp.SchedulerSlice;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the relay's event loop threads ({@code ferry-io-*}), each first asking the kernel for the
 * configured scheduler slice ({@code io-slice-us}).
 */
public final class EventLoopThreadFactory extends DefaultThreadFactory {
  private static final Logger LOG = LoggerFactory.getLogger(EventLoopThreadFactory.class);

  private final long sliceMicros;

  /**
   * @param sliceMicros the slice to ask for, or 0 to leave the kernel's default
   */
  public EventLoopThreadFactory(String poolName, long sliceMicros) {
    super(poolName, false);
    this.sliceMicros = sliceMicros;
  }

  @Override
  protected Thread newThread(Runnable task, String name) {
    if (sliceMicros == 0) {
      return super.newThread(task, name);
    }
    return super.newThread(
        () -> {
          requestSlice();
          task.run();
        },
        name);
  }

  private void requestSlice() {
    // Logged from the loop thread itself, whose name the log line already carries.
    switch (SchedulerSlice.requestForCurrentThread(sliceMicros)) {
      case APPLIED -> LOG.info("Scheduler slice: {} µs (io-slice-us)", sliceMicros);
      case UNSUPPORTED_KERNEL ->
          LOG.info(
              "io-slice-us {} not applied: this kernel has no per-thread slices (Linux 6.12+)",
              sliceMicros);
      // Info, not a warning: the default asks for a slice on every machine, and one built without
      // a C compiler has no libferryudp.
      case NO_NATIVE_LIBRARY ->
          LOG.info("io-slice-us {} not applied: libferryudp is not loaded", sliceMicros);
      case REFUSED -> LOG.warn("io-slice-us {} not applied: sched_setattr refused", sliceMicros);
    }
  }
}

package dev.ferry.interop.browser;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Ends a process the test started, and the children it forked, by PID and within a deadline: a
 * polite SIGTERM first, SIGKILL for whatever is still there when half the deadline is gone.
 */
public final class ProcessHandles {

  private ProcessHandles() {}

  /** Stops {@code process} and its descendants; returns whether all of them are gone. */
  public static boolean stop(ProcessHandle process, Duration deadline) {
    // Collected first: once the parent is gone its children are re-parented and lost to us.
    List<ProcessHandle> family = Stream.concat(process.descendants(), Stream.of(process)).toList();
    Duration half = deadline.dividedBy(2);
    family.forEach(ProcessHandle::destroy);
    boolean gone = awaitExit(family, half);
    if (!gone) {
      family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
      gone = awaitExit(family, half);
    }
    return gone;
  }

  private static boolean awaitExit(List<ProcessHandle> family, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    for (ProcessHandle handle : family) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return family.stream().noneMatch(ProcessHandle::isAlive);
      }
      try {
        handle.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        return false;
      } catch (ExecutionException e) {
        throw new IllegalStateException("onExit never fails", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}

package dev.ferry.interop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ends a process the test started, and the children it forked, by PID and within a deadline: the
 * parent gets a polite SIGTERM so that it can take its children down itself; whatever is still
 * there when half the deadline is gone gets SIGKILL.
 */
public final class ProcessHandles {

  private ProcessHandles() {}

  /** Stops {@code process} and its descendants; returns whether all of them are gone. */
  public static boolean stop(ProcessHandle process, Duration deadline) {
    // Collected first: once the parent is gone its children are re-parented and lost to us.
    List<ProcessHandle> children = process.descendants().toList();
    long end = System.nanoTime() + deadline.toNanos();
    long half = deadline.toNanos() / 2;
    process.destroy();
    if (!awaitExit(process, half)) {
      process.destroyForcibly();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    boolean gone = awaitExit(process, end - System.nanoTime());
    for (ProcessHandle child : children) {
      gone &= awaitExit(child, end - System.nanoTime());
    }
    return gone;
  }

  private static boolean awaitExit(ProcessHandle handle, long nanos) {
    if (!handle.isAlive()) {
      return true;
    }
    if (nanos <= 0) {
      return false;
    }
    try {
      handle.onExit().get(nanos, TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("onExit never fails", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

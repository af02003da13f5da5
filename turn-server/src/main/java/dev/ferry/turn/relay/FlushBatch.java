package dev.ferry.turn.relay;

import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.concurrent.Executor;

/**
 * The channels one event loop wrote to during the current read batch, flushed together when the
 * batch ends (DESIGN §3: write without flushing per packet, flush once per batch, so the native
 * transports can use sendmmsg). Confined to its loop.
 *
 * <p>A read batch of one socket is short when many sockets are ready at once (each relay socket
 * holds a packet or two), so {@link #flushAfterIo} defers the flush to a task that the loop runs
 * after every ready socket was read: the writes to the listener socket of the whole I/O round then
 * leave in one sendmmsg.
 */
public final class FlushBatch {
  private final ArrayList<Channel> pending = new ArrayList<>();
  private final ArrayList<DatagramEndpoint> endpoints = new ArrayList<>();
  private final ArrayList<SegmentRun> runs = new ArrayList<>();
  private final Runnable flushTask = this::runScheduled;
  private boolean scheduled;

  /** Remembers that {@code channel} has unflushed writes. */
  public void add(Channel channel) {
    int n = pending.size();
    // Consecutive writes to one channel are the common case; a rare duplicate only flushes twice.
    if (n == 0 || pending.get(n - 1) != channel) {
      pending.add(channel);
    }
  }

  /** Remembers that {@code endpoint} has unflushed writes. */
  public void add(DatagramEndpoint endpoint) {
    int n = endpoints.size();
    if (n == 0 || endpoints.get(n - 1) != endpoint) {
      endpoints.add(endpoint);
    }
  }

  /** Remembers that {@code run} holds datagrams; they are written before the channels flush. */
  public void add(SegmentRun run) {
    runs.add(run);
  }

  /**
   * Flushes the pending channels from a task on {@code loop} (the loop that owns this batch), once
   * the current round of reads is done; repeated calls before then schedule one task.
   */
  public void flushAfterIo(Executor loop) {
    if (scheduled || (pending.isEmpty() && endpoints.isEmpty() && runs.isEmpty())) {
      return;
    }
    scheduled = true;
    loop.execute(flushTask);
  }

  private void runScheduled() {
    scheduled = false;
    flushAll();
  }

  /**
   * Writes the open segment runs, then flushes every endpoint and channel written since the last
   * call.
   */
  public void flushAll() {
    int r = runs.size();
    if (r > 0) {
      for (int i = 0; i < r; i++) {
        SegmentRun run = runs.get(i);
        run.dequeued();
        run.emit();
      }
      runs.clear();
    }
    int e = endpoints.size();
    if (e > 0) {
      for (int i = 0; i < e; i++) {
        endpoints.get(i).flush();
      }
      endpoints.clear();
    }
    int n = pending.size();
    if (n == 0) {
      return;
    }
    for (int i = 0; i < n; i++) {
      pending.get(i).flush();
    }
    pending.clear();
  }

  /** Endpoints and channels waiting for a flush. */
  public int size() {
    return pending.size() + endpoints.size();
  }

  /** Segment runs waiting to be written. */
  public int runs() {
    return runs.size();
  }
}

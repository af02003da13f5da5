package dev.ferry.turn.relay;

import io.netty.channel.Channel;
import java.util.ArrayList;

/**
 * The channels one event loop wrote to during the current read batch, flushed together when the
 * batch ends (DESIGN §3: write without flushing per packet, flush once per batch, so the native
 * transports can use sendmmsg). Confined to its loop.
 */
public final class FlushBatch {
  private final ArrayList<Channel> pending = new ArrayList<>();

  /** Remembers that {@code channel} has unflushed writes. */
  public void add(Channel channel) {
    int n = pending.size();
    // Consecutive writes to one channel are the common case; a rare duplicate only flushes twice.
    if (n == 0 || pending.get(n - 1) != channel) {
      pending.add(channel);
    }
  }

  /** Flushes every channel written since the last call. */
  public void flushAll() {
    int n = pending.size();
    if (n == 0) {
      return;
    }
    for (int i = 0; i < n; i++) {
      pending.get(i).flush();
    }
    pending.clear();
  }

  /** Channels waiting for a flush. */
  public int size() {
    return pending.size();
  }
}

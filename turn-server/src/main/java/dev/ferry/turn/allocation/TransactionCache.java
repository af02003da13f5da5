package dev.ferry.turn.allocation;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the responses to recent requests per (5-tuple, transaction ID) so that a retransmission
 * is answered with the same bytes and never changes state twice (RFC 8489 §6.3.1, RFC 8656 §5:
 * "remembering all received requests and the corresponding responses for 40 seconds"). One per
 * event loop; bounded in size, so a flood of requests evicts the oldest entries instead of growing
 * memory. Keeps each response as an exact-size byte array: every allocation leaves about three
 * responses here for 40 s, and a pooled buffer per response would cost more than the bytes.
 */
public final class TransactionCache implements AutoCloseable {
  private final long ttlNanos;
  private final int maxEntries;

  /** Insertion order equals expiry order, because every entry gets the same TTL. */
  private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>();

  private record Key(FiveTuple fiveTuple, TransactionId transactionId) {}

  private record Entry(byte[] response, long expiresAtNanos) {}

  /**
   * @param ttl how long a response is kept (40 s per RFC 8489 §6.3.1)
   * @param maxEntries most responses kept; 0 disables the cache
   */
  public TransactionCache(Duration ttl, int maxEntries) {
    if (ttl.isNegative() || maxEntries < 0) {
      throw new IllegalArgumentException("ttl and maxEntries must not be negative");
    }
    this.ttlNanos = ttl.toNanos();
    this.maxEntries = maxEntries;
  }

  /** A cache sized by {@code limits}. */
  public static TransactionCache of(AllocationLimits limits) {
    return new TransactionCache(limits.transactionTtl(), limits.maxCachedTransactions());
  }

  /**
   * Stores a copy of {@code response}'s readable bytes. The caller keeps ownership of {@code
   * response} and may write it as usual. A second response for the same key replaces the first.
   */
  public void put(FiveTuple fiveTuple, TransactionId transactionId, ByteBuf response, long now) {
    if (maxEntries == 0) {
      return;
    }
    sweep(now);
    Key key = new Key(fiveTuple, transactionId);
    entries.remove(key);
    if (entries.size() >= maxEntries) {
      evictEldest();
    }
    entries.put(key, new Entry(ByteBufUtil.getBytes(response), now + ttlNanos));
  }

  /**
   * The cached response to a retransmission, or null. The result is a new buffer over the cached
   * bytes that the caller must write or release.
   */
  public ByteBuf get(FiveTuple fiveTuple, TransactionId transactionId, long now) {
    Key key = new Key(fiveTuple, transactionId);
    Entry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    if (!Deadlines.isPending(entry.expiresAtNanos(), now)) {
      entries.remove(key);
      return null;
    }
    return Unpooled.wrappedBuffer(entry.response());
  }

  /** Drops responses older than the TTL and returns how many went. */
  public int sweep(long now) {
    int removed = 0;
    Iterator<Entry> it = entries.values().iterator();
    while (it.hasNext()) {
      Entry entry = it.next();
      if (Deadlines.isPending(entry.expiresAtNanos(), now)) {
        break;
      }
      it.remove();
      removed++;
    }
    return removed;
  }

  /** Responses held. */
  public int size() {
    return entries.size();
  }

  /** Drops every cached response. */
  @Override
  public void close() {
    entries.clear();
  }

  private void evictEldest() {
    Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
    it.next();
    it.remove();
  }
}

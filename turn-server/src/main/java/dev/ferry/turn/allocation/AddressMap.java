package dev.ferry.turn.allocation;

import java.util.function.Consumer;

/**
 * An open-addressing map from (family, IP, port) to a value whose lookups take primitives, so the
 * relay path can probe it without building a key object. Single-threaded by design (one owner per
 * allocation, DESIGN.md §3). Public so the dispatch layer can index clients by address the same
 * way.
 */
public final class AddressMap<V> {
  /** Most maps (one allocation's permissions or channels) hold one or two entries. */
  private static final int INITIAL_CAPACITY = 2;

  /** 0 marks an empty slot; otherwise family code (1 or 2) in bits 16-17 and the port below. */
  private int[] meta;

  private long[] highs;
  private long[] lows;
  private Object[] values;
  private int size;

  /** An empty map. */
  public AddressMap() {
    allocate(INITIAL_CAPACITY);
  }

  public int size() {
    return size;
  }

  public V get(TransportAddress key) {
    return get(key.family() == AddressFamily.IPV6, key.high(), key.low(), key.port());
  }

  /** Looks up without allocating. */
  @SuppressWarnings("unchecked")
  public V get(boolean ipv6, long high, long low, int port) {
    int m = meta(ipv6, port);
    int mask = meta.length - 1;
    int i = AddressHash.hash(ipv6, high, low, port) & mask;
    while (true) {
      int slot = meta[i];
      if (slot == 0) {
        return null;
      }
      if (slot == m && highs[i] == high && lows[i] == low) {
        return (V) values[i];
      }
      i = (i + 1) & mask;
    }
  }

  /** Maps {@code key} to {@code value} and returns the value it replaced, if any. */
  @SuppressWarnings("unchecked")
  public V put(TransportAddress key, V value) {
    if ((size + 1) * 2 > meta.length) {
      grow();
    }
    boolean ipv6 = key.family() == AddressFamily.IPV6;
    int m = meta(ipv6, key.port());
    int mask = meta.length - 1;
    int i = AddressHash.hash(ipv6, key.high(), key.low(), key.port()) & mask;
    while (meta[i] != 0) {
      if (meta[i] == m && highs[i] == key.high() && lows[i] == key.low()) {
        V old = (V) values[i];
        values[i] = value;
        return old;
      }
      i = (i + 1) & mask;
    }
    meta[i] = m;
    highs[i] = key.high();
    lows[i] = key.low();
    values[i] = value;
    size++;
    return null;
  }

  /** Removes the mapping for {@code key} and returns its value, if there was one. */
  @SuppressWarnings("unchecked")
  public V remove(TransportAddress key) {
    boolean ipv6 = key.family() == AddressFamily.IPV6;
    int m = meta(ipv6, key.port());
    int mask = meta.length - 1;
    int i = AddressHash.hash(ipv6, key.high(), key.low(), key.port()) & mask;
    while (meta[i] != 0) {
      if (meta[i] == m && highs[i] == key.high() && lows[i] == key.low()) {
        V old = (V) values[i];
        deleteAt(i);
        return old;
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  /** Visits every value; the action must not modify this map. */
  @SuppressWarnings("unchecked")
  public void forEachValue(Consumer<? super V> action) {
    for (int i = 0; i < meta.length; i++) {
      if (meta[i] != 0) {
        action.accept((V) values[i]);
      }
    }
  }

  /** Slots of the backing table, for sweeps that loop by index so that they allocate nothing. */
  int slotCount() {
    return meta.length;
  }

  /** The value in {@code slot}, or null when the slot is empty. */
  @SuppressWarnings("unchecked")
  V valueAt(int slot) {
    return (V) values[slot];
  }

  public void clear() {
    allocate(INITIAL_CAPACITY);
    size = 0;
  }

  /** Backward-shift deletion keeps probe chains intact without tombstones. */
  private void deleteAt(int index) {
    int mask = meta.length - 1;
    int gap = index;
    int j = index;
    while (true) {
      j = (j + 1) & mask;
      if (meta[j] == 0) {
        break;
      }
      int home = homeOf(j) & mask;
      if (((j - home) & mask) >= ((j - gap) & mask)) {
        meta[gap] = meta[j];
        highs[gap] = highs[j];
        lows[gap] = lows[j];
        values[gap] = values[j];
        gap = j;
      }
    }
    meta[gap] = 0;
    highs[gap] = 0;
    lows[gap] = 0;
    values[gap] = null;
    size--;
  }

  private int homeOf(int index) {
    int m = meta[index];
    return AddressHash.hash((m >>> 16) == 2, highs[index], lows[index], m & 0xFFFF);
  }

  private void grow() {
    int[] oldMeta = meta;
    long[] oldHighs = highs;
    long[] oldLows = lows;
    Object[] oldValues = values;
    allocate(oldMeta.length * 2);
    int mask = meta.length - 1;
    for (int k = 0; k < oldMeta.length; k++) {
      int m = oldMeta[k];
      if (m == 0) {
        continue;
      }
      int i = AddressHash.hash((m >>> 16) == 2, oldHighs[k], oldLows[k], m & 0xFFFF) & mask;
      while (meta[i] != 0) {
        i = (i + 1) & mask;
      }
      meta[i] = m;
      highs[i] = oldHighs[k];
      lows[i] = oldLows[k];
      values[i] = oldValues[k];
    }
  }

  private void allocate(int capacity) {
    meta = new int[capacity];
    highs = new long[capacity];
    lows = new long[capacity];
    values = new Object[capacity];
  }

  private static int meta(boolean ipv6, int port) {
    return (ipv6 ? 2 : 1) << 16 | port;
  }

  @Override
  public String toString() {
    return "AddressMap(size=" + size + ", capacity=" + meta.length + ")";
  }
}

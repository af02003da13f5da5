package dev.ferry.turn.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * An immutable set of address ranges with allocation-free O(log n) membership tests, used for the
 * operator's allow and deny lists and the server's own addresses.
 *
 * <p>Overlapping and adjacent ranges are merged at construction, so lookups are a binary search
 * over disjoint, sorted intervals.
 */
public final class AddressRangeList {

  private static final AddressRangeList EMPTY = new AddressRangeList(List.of());

  private final List<AddressRange> ranges;
  // IPv4: unsigned 32-bit bounds held in longs.
  private final long[] v4First;
  private final long[] v4Last;
  // IPv6: 128-bit bounds as hi/lo pairs.
  private final long[] v6FirstHi;
  private final long[] v6FirstLo;
  private final long[] v6LastHi;
  private final long[] v6LastLo;

  private AddressRangeList(List<AddressRange> given) {
    this.ranges = List.copyOf(given);
    List<long[]> v4 = new ArrayList<>();
    List<long[]> v6 = new ArrayList<>();
    for (AddressRange r : given) {
      long[] bounds = {r.firstHi(), r.firstLo(), r.lastHi(), r.lastLo()};
      (r.isIpv6() ? v6 : v4).add(bounds);
    }
    List<long[]> m4 = merge(v4);
    List<long[]> m6 = merge(v6);
    v4First = new long[m4.size()];
    v4Last = new long[m4.size()];
    for (int i = 0; i < m4.size(); i++) {
      v4First[i] = m4.get(i)[1];
      v4Last[i] = m4.get(i)[3];
    }
    v6FirstHi = new long[m6.size()];
    v6FirstLo = new long[m6.size()];
    v6LastHi = new long[m6.size()];
    v6LastLo = new long[m6.size()];
    for (int i = 0; i < m6.size(); i++) {
      long[] b = m6.get(i);
      v6FirstHi[i] = b[0];
      v6FirstLo[i] = b[1];
      v6LastHi[i] = b[2];
      v6LastLo[i] = b[3];
    }
  }

  /** The list matching nothing. */
  public static AddressRangeList empty() {
    return EMPTY;
  }

  /** A list of the given ranges. */
  public static AddressRangeList of(Collection<AddressRange> ranges) {
    return ranges.isEmpty() ? EMPTY : new AddressRangeList(new ArrayList<>(ranges));
  }

  /**
   * Reads coturn-style entries (see {@link AddressRange#parse}).
   *
   * @throws AddressEntryException for the first entry that cannot be read
   */
  public static AddressRangeList parse(Collection<String> entries) {
    List<AddressRange> parsed = new ArrayList<>(entries.size());
    for (String entry : entries) {
      parsed.add(AddressRange.parse(entry));
    }
    return of(parsed);
  }

  /** Adds ranges to a copy of this list. */
  public AddressRangeList with(Collection<AddressRange> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<AddressRange> all = new ArrayList<>(ranges);
    all.addAll(more);
    return new AddressRangeList(all);
  }

  /** The ranges as given (before merging), for display and reload diffs. */
  public List<AddressRange> ranges() {
    return ranges;
  }

  /** True when the list matches nothing. */
  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /** Whether the IPv4 address (big-endian int) is in the list. */
  public boolean containsIpv4(int address) {
    long v = address & 0xffff_ffffL;
    int lo = 0;
    int hi = v4First.length - 1;
    int candidate = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (v4First[mid] <= v) {
        candidate = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return candidate >= 0 && v <= v4Last[candidate];
  }

  /** Whether the IPv6 address {@code hi:lo} is in the list. */
  public boolean containsIpv6(long addressHi, long addressLo) {
    int lo = 0;
    int hi = v6FirstHi.length - 1;
    int candidate = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (AddressRange.compareUnsigned128(v6FirstHi[mid], v6FirstLo[mid], addressHi, addressLo)
          <= 0) {
        candidate = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return candidate >= 0
        && AddressRange.compareUnsigned128(
                addressHi, addressLo, v6LastHi[candidate], v6LastLo[candidate])
            <= 0;
  }

  private static List<long[]> merge(List<long[]> bounds) {
    bounds.sort((a, b) -> AddressRange.compareUnsigned128(a[0], a[1], b[0], b[1]));
    List<long[]> merged = new ArrayList<>();
    for (long[] b : bounds) {
      if (!merged.isEmpty()) {
        long[] last = merged.get(merged.size() - 1);
        if (touches(last, b)) {
          if (AddressRange.compareUnsigned128(b[2], b[3], last[2], last[3]) > 0) {
            last[2] = b[2];
            last[3] = b[3];
          }
          continue;
        }
      }
      merged.add(Arrays.copyOf(b, 4));
    }
    return merged;
  }

  /** Whether {@code next} (starting at or after {@code prev}) overlaps or directly follows it. */
  private static boolean touches(long[] prev, long[] next) {
    if (AddressRange.compareUnsigned128(next[0], next[1], prev[2], prev[3]) <= 0) {
      return true;
    }
    // prev.last + 1 == next.first, without overflowing past the top of the space.
    long plusOneLo = prev[3] + 1;
    long plusOneHi = plusOneLo == 0 ? prev[2] + 1 : prev[2];
    boolean topOfSpace = prev[2] == -1L && prev[3] == -1L;
    return !topOfSpace && plusOneHi == next[0] && plusOneLo == next[1];
  }

  @Override
  public String toString() {
    return ranges.toString();
  }
}

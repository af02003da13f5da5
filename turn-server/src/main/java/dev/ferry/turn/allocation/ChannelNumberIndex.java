package dev.ferry.turn.allocation;

import java.util.function.Consumer;

/**
 * Channel bindings by channel number: an open-addressing table of the bindings themselves (the
 * number is read back from the binding), created on the first bind. A client binds a handful of
 * numbers out of 16383, so one binding costs a 4-slot array instead of a page directory.
 * Single-threaded, like its {@link ChannelTable}.
 */
final class ChannelNumberIndex {
  private static final int INITIAL_CAPACITY = 4;

  private ChannelBinding[] slots;
  private int size;

  /** The binding with {@code number}, or null; allocation-free. */
  ChannelBinding get(int number) {
    ChannelBinding[] s = slots;
    if (s == null) {
      return null;
    }
    int mask = s.length - 1;
    int i = home(number) & mask;
    ChannelBinding b;
    while ((b = s[i]) != null) {
      if (b.number() == number) {
        return b;
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  /** Indexes {@code binding} under its number, replacing any binding with the same number. */
  void put(ChannelBinding binding) {
    if (slots == null) {
      slots = new ChannelBinding[INITIAL_CAPACITY];
    } else if ((size + 1) * 2 > slots.length) {
      grow();
    }
    if (insert(slots, binding)) {
      size++;
    }
  }

  /** Removes {@code binding} if it is the one indexed under its number. */
  void remove(ChannelBinding binding) {
    ChannelBinding[] s = slots;
    if (s == null) {
      return;
    }
    int mask = s.length - 1;
    int i = home(binding.number()) & mask;
    while (s[i] != null) {
      if (s[i] == binding) {
        deleteAt(i);
        return;
      }
      i = (i + 1) & mask;
    }
  }

  int size() {
    return size;
  }

  void forEach(Consumer<ChannelBinding> action) {
    if (slots != null) {
      for (ChannelBinding b : slots) {
        if (b != null) {
          action.accept(b);
        }
      }
    }
  }

  void clear() {
    slots = null;
    size = 0;
  }

  /** Backward-shift deletion keeps probe chains intact without tombstones. */
  private void deleteAt(int index) {
    ChannelBinding[] s = slots;
    int mask = s.length - 1;
    int gap = index;
    int j = index;
    while (true) {
      j = (j + 1) & mask;
      if (s[j] == null) {
        break;
      }
      int h = home(s[j].number()) & mask;
      if (((j - h) & mask) >= ((j - gap) & mask)) {
        s[gap] = s[j];
        gap = j;
      }
    }
    s[gap] = null;
    size--;
  }

  private void grow() {
    ChannelBinding[] old = slots;
    ChannelBinding[] bigger = new ChannelBinding[old.length * 2];
    for (ChannelBinding b : old) {
      if (b != null) {
        insert(bigger, b);
      }
    }
    slots = bigger;
  }

  /** Returns whether a new slot was taken (false when a binding with the number was replaced). */
  private static boolean insert(ChannelBinding[] s, ChannelBinding binding) {
    int mask = s.length - 1;
    int i = home(binding.number()) & mask;
    while (s[i] != null) {
      if (s[i].number() == binding.number()) {
        s[i] = binding;
        return false;
      }
      i = (i + 1) & mask;
    }
    s[i] = binding;
    return true;
  }

  private static int home(int number) {
    int h = number * 0x9E37_79B9;
    return h ^ (h >>> 16);
  }
}

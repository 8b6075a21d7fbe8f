package org.listensim.core;

import java.util.Arrays;

/**
 * A 4-ary min-heap of (time, sequence, timer) entries with lazy deletion; the near tier of {@link
 * EventQueue}.
 *
 * <p>Keys sit interleaved in one {@code long[]} ({@code [2i]} time, {@code [2i+1]} sequence), so the four
 * children compared at each level share a cache line or two, and sifting never touches a timer object.
 * Cancelling or re-arming a timer does not search the heap: the old entry stays and is recognised as
 * stale when it reaches the root (its sequence is no longer the timer's); {@link #compact} drops them.
 */
final class QuadHeap {
  private long[] keys = new long[128];
  private Timer[] timers = new Timer[64];
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  Timer rootTimer() {
    return timers[0];
  }

  long rootWhen() {
    return keys[0];
  }

  long rootSeq() {
    return keys[1];
  }

  void push(Timer t, long when, long seq) {
    if (size == timers.length) {
      timers = Arrays.copyOf(timers, size * 2);
      keys = Arrays.copyOf(keys, size * 4);
    }
    int i = size++;
    while (i > 0) {
      int p = (i - 1) >>> 2;
      long pw = keys[2 * p];
      if (when > pw || (when == pw && seq > keys[2 * p + 1])) {
        break;
      }
      keys[2 * i] = pw;
      keys[2 * i + 1] = keys[2 * p + 1];
      timers[i] = timers[p];
      i = p;
    }
    keys[2 * i] = when;
    keys[2 * i + 1] = seq;
    timers[i] = t;
  }

  void popRoot() {
    int last = --size;
    Timer t = timers[last];
    timers[last] = null;
    if (last > 0) {
      siftDown(0, t, keys[2 * last], keys[2 * last + 1]);
    }
  }

  /** Gives the root entry a new key (its timer re-armed while firing): one sift instead of pop + push. */
  void replaceRoot(long when, long seq) {
    siftDown(0, timers[0], when, seq);
  }

  private void siftDown(int i, Timer t, long when, long seq) {
    int n = size;
    long[] k = keys;
    Timer[] ts = timers;
    while (true) {
      int c = 4 * i + 1;
      if (c >= n) {
        break;
      }
      int best;
      if (c + 3 < n) {
        // All four children: a small tournament, two independent comparisons then the final.
        int a = less(k, c + 1, c) ? c + 1 : c;
        int b = less(k, c + 3, c + 2) ? c + 3 : c + 2;
        best = less(k, b, a) ? b : a;
      } else {
        best = c;
        for (int j = c + 1; j < n; j++) {
          if (less(k, j, best)) {
            best = j;
          }
        }
      }
      long bw = k[2 * best];
      long bs = k[2 * best + 1];
      if (when < bw || (when == bw && seq < bs)) {
        break;
      }
      k[2 * i] = bw;
      k[2 * i + 1] = bs;
      ts[i] = ts[best];
      i = best;
    }
    k[2 * i] = when;
    k[2 * i + 1] = seq;
    ts[i] = t;
  }

  private static boolean less(long[] k, int x, int y) {
    long wx = k[2 * x];
    long wy = k[2 * y];
    return wx < wy || (wx == wy && k[2 * x + 1] < k[2 * y + 1]);
  }

  /** Drops stale entries and re-heapifies (Floyd's bottom-up construction). */
  void compact() {
    int n = 0;
    for (int i = 0; i < size; i++) {
      Timer t = timers[i];
      if (t.state == Timer.PENDING && t.seq == keys[2 * i + 1]) {
        keys[2 * n] = keys[2 * i];
        keys[2 * n + 1] = keys[2 * i + 1];
        timers[n] = t;
        n++;
      }
    }
    Arrays.fill(timers, n, size, null);
    size = n;
    for (int i = (n - 2) >>> 2; n > 1 && i >= 0; i--) {
      siftDown(i, timers[i], keys[2 * i], keys[2 * i + 1]);
    }
  }
}

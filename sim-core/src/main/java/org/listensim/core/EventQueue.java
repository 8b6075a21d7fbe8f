package org.listensim.core;

import java.util.Arrays;

/**
 * A binary min-heap of timers ordered by (time, scheduling sequence). Keys live in parallel primitive
 * arrays so that sifting touches no timer object but the moved one; each timer knows its heap slot, so
 * re-arming and cancelling are O(log n) without search. Nothing is allocated once the arrays have grown.
 */
final class EventQueue {
  private long[] when = new long[64];
  private long[] seq = new long[64];
  private Timer[] timers = new Timer[64];
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  Timer peek() {
    return timers[0];
  }

  long peekWhen() {
    return when[0];
  }

  void insert(Timer t, long w, long s) {
    if (size == timers.length) {
      int n = size * 2;
      when = Arrays.copyOf(when, n);
      seq = Arrays.copyOf(seq, n);
      timers = Arrays.copyOf(timers, n);
    }
    siftUp(size++, t, w, s);
  }

  /** Gives a queued timer a new key and restores heap order. */
  void update(Timer t, long w, long s) {
    int i = t.heapIndex;
    if (i > 0 && less(w, s, when[(i - 1) >>> 1], seq[(i - 1) >>> 1])) {
      siftUp(i, t, w, s);
    } else {
      siftDown(i, t, w, s);
    }
  }

  void remove(Timer t) {
    int i = t.heapIndex;
    t.heapIndex = -1;
    int last = --size;
    Timer moved = timers[last];
    long mw = when[last];
    long ms = seq[last];
    timers[last] = null;
    if (i == last) {
      return;
    }
    if (i > 0 && less(mw, ms, when[(i - 1) >>> 1], seq[(i - 1) >>> 1])) {
      siftUp(i, moved, mw, ms);
    } else {
      siftDown(i, moved, mw, ms);
    }
  }

  private static boolean less(long w1, long s1, long w2, long s2) {
    return w1 < w2 || (w1 == w2 && s1 < s2);
  }

  private void siftUp(int i, Timer t, long w, long s) {
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (!less(w, s, when[p], seq[p])) {
        break;
      }
      put(i, timers[p], when[p], seq[p]);
      i = p;
    }
    put(i, t, w, s);
  }

  private void siftDown(int i, Timer t, long w, long s) {
    int half = size >>> 1;
    while (i < half) {
      int c = 2 * i + 1;
      int r = c + 1;
      if (r < size && less(when[r], seq[r], when[c], seq[c])) {
        c = r;
      }
      if (!less(when[c], seq[c], w, s)) {
        break;
      }
      put(i, timers[c], when[c], seq[c]);
      i = c;
    }
    put(i, t, w, s);
  }

  private void put(int i, Timer t, long w, long s) {
    timers[i] = t;
    when[i] = w;
    seq[i] = s;
    t.heapIndex = i;
  }
}

package org.listensim.core;

import java.util.Arrays;

/**
 * A 4-ary min-heap of timers ordered by (time, scheduling sequence): the far tier of the {@link
 * EventQueue}, and the part of its near tier that is not a sorted run.
 *
 * <p>Why this shape: a sift is a walk through memory. Four children per node halve the depth of a
 * binary heap; the keys of slot i sit together at {@code keys[2i]} (time) and {@code keys[2i + 1]}
 * (sequence), so the four children of a node are 64 contiguous bytes. Each timer knows its slot, so
 * moving and removing are O(log n) without search. Nothing is allocated once the arrays have grown.
 */
final class TimerHeap {
  private final byte tier;
  private long[] keys = new long[2 * 16];
  private Timer[] timers = new Timer[16];
  private int size;

  TimerHeap(byte tier) {
    this.tier = tier;
  }

  int size() {
    return size;
  }

  Timer peek() {
    return timers[0];
  }

  long peekWhen() {
    return keys[0];
  }

  long peekSeq() {
    return keys[1];
  }

  void insert(Timer t, long w, long s) {
    if (size == timers.length) {
      timers = Arrays.copyOf(timers, 2 * size);
      keys = Arrays.copyOf(keys, 4 * size);
    }
    t.tier = tier;
    siftUp(size++, t, w, s);
  }

  /** Gives a timer of this heap a new key and restores heap order. */
  void update(Timer t, long w, long s) {
    int i = t.index;
    if (i > 0 && less(w, s, (i - 1) >>> 2)) {
      siftUp(i, t, w, s);
    } else {
      siftDown(i, t, w, s);
    }
  }

  void remove(Timer t) {
    int i = t.index;
    t.index = -1;
    t.tier = Timer.NOWHERE;
    int last = --size;
    Timer moved = timers[last];
    long mw = keys[2 * last];
    long ms = keys[2 * last + 1];
    timers[last] = null;
    if (i == last) {
      return;
    }
    if (i > 0 && less(mw, ms, (i - 1) >>> 2)) {
      siftUp(i, moved, mw, ms);
    } else {
      siftDown(i, moved, mw, ms);
    }
  }

  private boolean less(long w, long s, int slot) {
    long sw = keys[2 * slot];
    return w < sw || (w == sw && s < keys[2 * slot + 1]);
  }

  private void siftUp(int i, Timer t, long w, long s) {
    long[] k = keys;
    Timer[] ts = timers;
    while (i > 0) {
      int p = (i - 1) >>> 2;
      long pw = k[2 * p];
      long ps = k[2 * p + 1];
      if (w > pw || (w == pw && s > ps)) {
        break;
      }
      k[2 * i] = pw;
      k[2 * i + 1] = ps;
      Timer m = ts[p];
      ts[i] = m;
      m.index = i;
      i = p;
    }
    k[2 * i] = w;
    k[2 * i + 1] = s;
    ts[i] = t;
    t.index = i;
  }

  private void siftDown(int i, Timer t, long w, long s) {
    long[] k = keys;
    Timer[] ts = timers;
    int n = size;
    while (true) {
      int c = 4 * i + 1;
      if (c >= n) {
        break;
      }
      // The least of up to four children.
      int best = c;
      long bw = k[2 * c];
      long bs = k[2 * c + 1];
      int end = Math.min(c + 4, n);
      for (int j = c + 1; j < end; j++) {
        long jw = k[2 * j];
        long js = k[2 * j + 1];
        // Non-short-circuit operators and selects: which child is least is unpredictable.
        boolean lt = jw < bw | (jw == bw & js < bs);
        best = lt ? j : best;
        bw = lt ? jw : bw;
        bs = lt ? js : bs;
      }
      if (w < bw || (w == bw && s < bs)) {
        break;
      }
      k[2 * i] = bw;
      k[2 * i + 1] = bs;
      Timer m = ts[best];
      ts[i] = m;
      m.index = i;
      i = best;
    }
    k[2 * i] = w;
    k[2 * i + 1] = s;
    ts[i] = t;
    t.index = i;
  }
}

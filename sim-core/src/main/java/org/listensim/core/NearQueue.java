package org.listensim.core;

import java.util.Arrays;

/**
 * The near tier of the {@link EventQueue}: the timers due before its horizon, in exact order.
 *
 * <p>Usually they are a sorted run, popped from the front in O(1): a wheel bucket arrives in arm
 * order, so a bucket of one time is already sorted (ties go by sequence, which is arm order), and an
 * unsorted one is sorted as it arrives (a bucket that came down from the outer wheel is in no order).
 * Timers armed into the near range while a run is being consumed go to a small heap beside the run;
 * the next timer is the less of the two fronts. A timer removed from the run leaves a hole that the
 * front skips.
 */
final class NearQueue {
  /** Length of the stretches a bucket's sort puts in order by insertion before merging them. */
  static final int SORT_AT_MOST = 32;

  private Timer[] run = new Timer[16];
  private long[] keys = new long[32];
  private Timer[] spareRun = new Timer[0];
  private long[] spareKeys = new long[0];
  private int head;
  private int end;
  private int live;
  private final TimerHeap heap = new TimerHeap(Timer.NEAR);

  int size() {
    return live + heap.size();
  }

  /** Takes the {@code n} timers at {@code bucket[from..from + n)}; only when empty. */
  void load(Timer[] bucket, int from, int n) {
    if (run.length < n) {
      run = new Timer[Math.max(n, 2 * run.length)];
      keys = new long[2 * run.length];
    }
    Timer[] r = run;
    long[] k = keys;
    // Loads only: the timers are likely cold, and independent loads overlap.
    for (int j = 0; j < n; j++) {
      Timer t = bucket[from + j];
      r[j] = t;
      k[2 * j] = t.when;
      k[2 * j + 1] = t.seq;
    }
    boolean sorted = true;
    for (int j = 1; j < n && sorted; j++) {
      sorted = !less(k[2 * j], k[2 * j + 1], k[2 * j - 2], k[2 * j - 1]);
    }
    if (!sorted) {
      sort(n);
      // Merging may have swapped the run for its spare.
      r = run;
    }
    for (int j = 0; j < n; j++) {
      Timer t = r[j];
      t.tier = Timer.RUN;
      t.index = j;
    }
    head = 0;
    end = n;
    live = n;
  }

  /**
   * Sorts the first {@code n} of the run by (time, sequence): runs of {@link #SORT_AT_MOST} by insertion,
   * then merged bottom-up through a spare pair of arrays. Buckets arrive nearly in order, so merging is
   * cheap; the alternative, a heap, would cost every pop and every re-arm a walk through it.
   */
  private void sort(int n) {
    for (int lo = 0; lo < n; lo += SORT_AT_MOST) {
      insertionSort(lo, Math.min(n, lo + SORT_AT_MOST));
    }
    if (n <= SORT_AT_MOST) {
      return;
    }
    if (spareRun.length < run.length) {
      spareRun = new Timer[run.length];
      spareKeys = new long[keys.length];
    }
    Timer[] r = run;
    long[] k = keys;
    Timer[] r2 = spareRun;
    long[] k2 = spareKeys;
    for (int width = SORT_AT_MOST; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + 2 * width, n);
        int i = lo;
        int j = mid;
        for (int o = lo; o < hi; o++) {
          boolean left = j >= hi || (i < mid && !less(k[2 * j], k[2 * j + 1], k[2 * i], k[2 * i + 1]));
          int from = left ? i++ : j++;
          r2[o] = r[from];
          k2[2 * o] = k[2 * from];
          k2[2 * o + 1] = k[2 * from + 1];
        }
      }
      Timer[] tr = r;
      r = r2;
      r2 = tr;
      long[] tk = k;
      k = k2;
      k2 = tk;
    }
    run = r;
    keys = k;
    spareRun = r2;
    spareKeys = k2;
    Arrays.fill(spareRun, 0, n, null);
  }

  private void insertionSort(int from, int n) {
    Timer[] r = run;
    long[] k = keys;
    for (int i = from + 1; i < n; i++) {
      Timer t = r[i];
      long w = k[2 * i];
      long s = k[2 * i + 1];
      int j = i - 1;
      while (j >= from && less(w, s, k[2 * j], k[2 * j + 1])) {
        r[j + 1] = r[j];
        k[2 * j + 2] = k[2 * j];
        k[2 * j + 3] = k[2 * j + 1];
        j--;
      }
      r[j + 1] = t;
      k[2 * j + 2] = w;
      k[2 * j + 3] = s;
    }
  }

  private static boolean less(long w1, long s1, long w2, long s2) {
    return w1 < w2 || (w1 == w2 && s1 < s2);
  }

  /** Whether the run's front comes before the heap's root; skips holes first. */
  private boolean runFirst() {
    while (head < end && run[head] == null) {
      head++;
    }
    if (head == end) {
      return false;
    }
    return heap.size() == 0 || less(keys[2 * head], keys[2 * head + 1], heap.peekWhen(), heap.peekSeq());
  }

  /** The next timer, or null if empty. */
  Timer peek() {
    return runFirst() ? run[head] : heap.peek();
  }

  /** The time of the next timer; only when not empty. */
  long peekWhen() {
    return runFirst() ? keys[2 * head] : heap.peekWhen();
  }

  void insert(Timer t, long w, long s) {
    heap.insert(t, w, s);
  }

  /** Gives a timer of this tier a new key that still lies before the horizon. */
  void update(Timer t, long w, long s) {
    if (t.tier == Timer.NEAR) {
      heap.update(t, w, s);
    } else {
      remove(t);
      heap.insert(t, w, s);
    }
  }

  void remove(Timer t) {
    if (t.tier == Timer.NEAR) {
      heap.remove(t);
      return;
    }
    run[t.index] = null;
    t.index = -1;
    t.tier = Timer.NOWHERE;
    live--;
  }
}

package org.listensim.core;

import java.util.Arrays;

/**
 * A ring of unsorted buckets, one tier of the {@link EventQueue}: adding and removing a timer are
 * O(1) (append; swap with the last), and a bucket is put in order only when it falls due, by moving
 * it into the near heap. A bucket is just an array of timers (their keys wait in the timer), so an
 * append touches one cache line. Bucket arrays are allocated on first use and keep their capacity.
 */
final class TimerWheel {
  private final byte tier;
  private final int mask;
  private final Timer[][] timers;
  private final int[] sizes;
  private final long[] nonEmpty;
  private int count;

  /** {@code buckets} must be a power of two, at least 64; {@code tier} marks the timers it holds. */
  TimerWheel(int buckets, byte tier) {
    this.tier = tier;
    mask = buckets - 1;
    timers = new Timer[buckets][];
    sizes = new int[buckets];
    nonEmpty = new long[buckets >>> 6];
  }

  int buckets() {
    return mask + 1;
  }

  int count() {
    return count;
  }

  void add(int b, Timer t, long w, long s) {
    int n = sizes[b];
    Timer[] ts = timers[b];
    if (ts == null) {
      ts = timers[b] = new Timer[4];
    } else if (n == ts.length) {
      ts = timers[b] = Arrays.copyOf(ts, 2 * n);
    }
    ts[n] = t;
    sizes[b] = n + 1;
    if (n == 0) {
      nonEmpty[b >>> 6] |= 1L << b;
    }
    count++;
    t.when = w;
    t.seq = s;
    t.tier = tier;
    t.bucket = b;
    t.index = n;
  }

  void remove(Timer t) {
    int b = t.bucket;
    int i = t.index;
    t.index = -1;
    t.tier = Timer.NOWHERE;
    int last = --sizes[b];
    Timer[] ts = timers[b];
    if (i != last) {
      Timer m = ts[last];
      ts[i] = m;
      m.index = i;
    }
    ts[last] = null;
    if (last == 0) {
      nonEmpty[b >>> 6] &= ~(1L << b);
    }
    count--;
  }

  /** How many buckets after {@code from} (cyclically) the first non-empty one lies; -1 if none. */
  int distanceToNonEmpty(int from) {
    if (count == 0) {
      return -1;
    }
    int words = nonEmpty.length;
    int w = from >>> 6;
    long bits = nonEmpty[w] & (-1L << from);
    // One more word than the ring has: the last look sees the first word's bits below from.
    for (int i = 0; i <= words; i++) {
      if (bits != 0) {
        int b = (w << 6) + Long.numberOfTrailingZeros(bits);
        return (b - from) & mask;
      }
      w = w + 1 == words ? 0 : w + 1;
      bits = nonEmpty[w];
    }
    throw new IllegalStateException("count is " + count + " but no bucket is marked");
  }

  /** Moves every timer of bucket {@code b} into {@code near}, which is empty; returns how many. */
  int drainInto(int b, NearQueue near) {
    int n = sizes[b];
    Timer[] ts = timers[b];
    near.load(ts, n);
    Arrays.fill(ts, 0, n, null);
    sizes[b] = 0;
    nonEmpty[b >>> 6] &= ~(1L << b);
    count -= n;
    return n;
  }

  /** Moves every timer of bucket {@code b}, in no particular order, to {@code queue}'s placement. */
  void drainTo(int b, EventQueue queue) {
    int n = sizes[b];
    Timer[] ts = timers[b];
    for (int j = 0; j < n; j++) {
      Timer t = ts[j];
      ts[j] = null;
      t.tier = Timer.NOWHERE;
      t.index = -1;
      queue.place(t, t.when, t.seq);
    }
    sizes[b] = 0;
    nonEmpty[b >>> 6] &= ~(1L << b);
    count -= n;
  }

  /** Moves every timer, in no particular order, to {@code queue}'s placement (used to re-bucket). */
  void drainTo(EventQueue queue) {
    for (int b = 0; b <= mask; b++) {
      if (sizes[b] > 0) {
        drainTo(b, queue);
      }
    }
  }
}

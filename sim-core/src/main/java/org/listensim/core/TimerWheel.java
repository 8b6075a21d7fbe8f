package org.listensim.core;

import java.util.Arrays;

/**
 * A ring of unsorted buckets, one tier of the {@link EventQueue}: adding and removing a timer are
 * O(1) (append; swap with the last), and a bucket is put in order only when it falls due, by moving
 * it into the near heap. The keys wait in the timers.
 *
 * <p>The first {@link #INLINE} timers of every bucket sit in one shared array, bucket after bucket, and
 * only a bucket that grows beyond them gets an array of its own for the rest. Why: timers armed a fixed
 * delay after successive events (retransmissions 3 s on, deliveries 1 ms on) land in successive buckets,
 * so appends walk through that array in order and the memory system sees them coming; separate arrays per
 * bucket sit wherever they were allocated and cost a cache miss each.
 */
final class TimerWheel {
  /** Timers per bucket kept in the shared array. */
  static final int INLINE = 16;

  private final byte tier;
  private final int mask;
  private final Timer[] inline;
  /** Per bucket, the timers beyond {@link #INLINE}: allocated on first use, keeping their capacity. */
  private final Timer[][] overflow;
  private final int[] sizes;
  private final long[] nonEmpty;
  private int count;
  private Timer[] scratch = new Timer[64];

  /** {@code buckets} must be a power of two, at least 64; {@code tier} marks the timers it holds. */
  TimerWheel(int buckets, byte tier) {
    this.tier = tier;
    mask = buckets - 1;
    inline = new Timer[buckets * INLINE];
    overflow = new Timer[buckets][];
    sizes = new int[buckets];
    nonEmpty = new long[buckets >>> 6];
  }

  int buckets() {
    return mask + 1;
  }

  int count() {
    return count;
  }

  private Timer get(int b, int i) {
    return i < INLINE ? inline[b * INLINE + i] : overflow[b][i - INLINE];
  }

  private void set(int b, int i, Timer t) {
    if (i < INLINE) {
      inline[b * INLINE + i] = t;
    } else {
      overflow[b][i - INLINE] = t;
    }
  }

  void add(int b, Timer t, long w, long s) {
    int n = sizes[b];
    if (n >= INLINE) {
      Timer[] o = overflow[b];
      int j = n - INLINE;
      if (o == null) {
        o = overflow[b] = new Timer[INLINE];
      } else if (j == o.length) {
        o = overflow[b] = Arrays.copyOf(o, 2 * j);
      }
      o[j] = t;
    } else {
      inline[b * INLINE + n] = t;
      if (n == 0) {
        nonEmpty[b >>> 6] |= 1L << b;
      }
    }
    sizes[b] = n + 1;
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
    if (i != last) {
      Timer m = get(b, last);
      set(b, i, m);
      m.index = i;
    }
    set(b, last, null);
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

  /** Empties bucket {@code b} into {@link #scratch}, in bucket order; returns how many. */
  private int take(int b) {
    int n = sizes[b];
    if (scratch.length < n) {
      scratch = new Timer[Math.max(n, 2 * scratch.length)];
    }
    int k = Math.min(n, INLINE);
    System.arraycopy(inline, b * INLINE, scratch, 0, k);
    Arrays.fill(inline, b * INLINE, b * INLINE + k, null);
    if (n > INLINE) {
      System.arraycopy(overflow[b], 0, scratch, INLINE, n - INLINE);
      Arrays.fill(overflow[b], 0, n - INLINE, null);
    }
    sizes[b] = 0;
    nonEmpty[b >>> 6] &= ~(1L << b);
    count -= n;
    return n;
  }

  /** Moves every timer of bucket {@code b} into {@code near}, which is empty; returns how many. */
  int drainInto(int b, NearQueue near) {
    int n = sizes[b];
    if (n <= INLINE) {
      // The common case: straight from the shared array.
      near.load(inline, b * INLINE, n);
      Arrays.fill(inline, b * INLINE, b * INLINE + n, null);
      sizes[b] = 0;
      nonEmpty[b >>> 6] &= ~(1L << b);
      count -= n;
      return n;
    }
    take(b);
    near.load(scratch, 0, n);
    Arrays.fill(scratch, 0, n, null);
    return n;
  }

  /** Moves every timer of bucket {@code b}, in no particular order, to {@code queue}'s placement. */
  void drainTo(int b, EventQueue queue) {
    int n = take(b);
    Timer[] ts = scratch;
    for (int j = 0; j < n; j++) {
      Timer t = ts[j];
      ts[j] = null;
      t.tier = Timer.NOWHERE;
      t.index = -1;
      queue.place(t, t.when, t.seq);
    }
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

package org.listensim.core;

import java.util.Arrays;

/**
 * The pending events, in the total order (time, sequence). Two tiers, so that the large majority of
 * pending timers — retransmission timers seconds away — cost O(1) to arm and do not deepen the heap
 * that every event passes through:
 *
 * <ul>
 *   <li>a near {@link QuadHeap} holding every entry whose time falls in the current bucket or before;
 *   <li>a ring of {@value #BUCKETS} buckets of 2^{@value #SHIFT} ns (≈ 2.1 ms; ≈ 17 s in all), each an
 *       unordered append-only list, moved into the near heap when the clock reaches it;
 *   <li>a far heap for what lies beyond the ring, pulled in bucket by bucket likewise.
 * </ul>
 *
 * <p>An entry enters the near heap before anything at or after its time can be dispatched, so the order
 * is exactly the heap's (time, then sequence). Entries are deleted lazily, as in {@link QuadHeap}: a
 * cancelled or re-armed timer's old entry is dropped when met.
 */
final class EventQueue {
  static final int SHIFT = 21;
  static final int BUCKETS = 1 << 13;
  private static final int MASK = BUCKETS - 1;

  private final QuadHeap near = new QuadHeap();
  private final QuadHeap far = new QuadHeap();
  private final Bucket[] ring = new Bucket[BUCKETS];
  /** Index (time >> SHIFT) of the current bucket: the near heap holds every entry up to its end. */
  private long cursor;
  private int inRing;

  /** One bucket of the ring: entries in arrival order, unsorted. */
  private static final class Bucket {
    Timer[] timers = new Timer[8];
    long[] keys = new long[16];
    int n;

    void add(Timer t, long when, long seq) {
      if (n == timers.length) {
        timers = Arrays.copyOf(timers, n * 2);
        keys = Arrays.copyOf(keys, n * 4);
      }
      timers[n] = t;
      keys[2 * n] = when;
      keys[2 * n + 1] = seq;
      n++;
    }
  }

  int size() {
    return near.size() + inRing + far.size();
  }

  /** Whether no entry is left; otherwise the near heap's root is the earliest entry. */
  boolean isEmpty() {
    while (near.isEmpty()) {
      if (inRing == 0) {
        if (far.isEmpty()) {
          return true;
        }
        cursor = far.rootWhen() >>> SHIFT;
      } else {
        cursor++;
      }
      drainBucket();
      while (!far.isEmpty() && (far.rootWhen() >>> SHIFT) <= cursor) {
        near.push(far.rootTimer(), far.rootWhen(), far.rootSeq());
        far.popRoot();
      }
    }
    return false;
  }

  private void drainBucket() {
    Bucket b = ring[(int) (cursor & MASK)];
    if (b == null || b.n == 0) {
      return;
    }
    for (int i = 0; i < b.n; i++) {
      Timer t = b.timers[i];
      long seq = b.keys[2 * i + 1];
      if (t.state == Timer.PENDING && t.seq == seq) {
        near.push(t, b.keys[2 * i], seq);
      }
      b.timers[i] = null;
    }
    inRing -= b.n;
    b.n = 0;
  }

  Timer rootTimer() {
    return near.rootTimer();
  }

  long rootWhen() {
    return near.rootWhen();
  }

  long rootSeq() {
    return near.rootSeq();
  }

  void popRoot() {
    near.popRoot();
  }

  /** Gives the root entry a new key (its timer re-armed while firing). */
  void replaceRoot(long when, long seq) {
    if ((when >>> SHIFT) <= cursor) {
      near.replaceRoot(when, seq);
    } else {
      Timer t = near.rootTimer();
      near.popRoot();
      push(t, when, seq);
    }
  }

  void push(Timer t, long when, long seq) {
    long b = when >>> SHIFT;
    if (b <= cursor) {
      near.push(t, when, seq);
    } else if (b - cursor < BUCKETS) {
      int i = (int) (b & MASK);
      Bucket bucket = ring[i];
      if (bucket == null) {
        bucket = ring[i] = new Bucket();
      }
      bucket.add(t, when, seq);
      inRing++;
    } else {
      far.push(t, when, seq);
    }
  }

  /** Drops every stale entry. */
  void compact() {
    near.compact();
    far.compact();
    inRing = 0;
    for (Bucket b : ring) {
      if (b == null) {
        continue;
      }
      int n = 0;
      for (int i = 0; i < b.n; i++) {
        Timer t = b.timers[i];
        if (t.state == Timer.PENDING && t.seq == b.keys[2 * i + 1]) {
          b.timers[n] = t;
          b.keys[2 * n] = b.keys[2 * i];
          b.keys[2 * n + 1] = b.keys[2 * i + 1];
          n++;
        }
      }
      Arrays.fill(b.timers, n, b.n, null);
      b.n = n;
      inRing += n;
    }
  }
}

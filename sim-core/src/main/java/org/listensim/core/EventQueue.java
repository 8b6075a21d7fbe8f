package org.listensim.core;

/**
 * The pending timers, in the exact order (time, scheduling sequence), kept in three tiers by time:
 *
 * <ul>
 *   <li>{@code near} ({@link NearQueue}): every timer due before {@code horizon}, in order; its
 *       front is the next event.
 *   <li>{@code wheel} ({@link TimerWheel}): unsorted buckets of {@code width} ns covering {@code
 *       [horizon, horizon + buckets * width)}. When near runs dry, the next non-empty bucket moves
 *       into it and the horizon moves past that bucket.
 *   <li>{@code outer} ({@link TimerWheel}): coarse unsorted buckets, each half the wheel's span, for
 *       the {@link #OUTER_BUCKETS} half-spans after it. A bucket moves into the wheel whole once it
 *       lies entirely within the wheel's span.
 *   <li>{@code far} ({@link TimerHeap}): the timers beyond the outer wheel, moved into it as it turns.
 * </ul>
 *
 * <p>Why: with many pending timers one heap is a walk through memory that misses the cache at every
 * level, on every event. Here an arm is an append to a bucket, a bucket is ordered once, when it
 * falls due, and the next event is the front of a short, cache-resident run. Long timers (a
 * retransmission backed off to minutes, while thousands of them wait) cascade from the outer wheel in
 * O(1) each, as in the kernel's own timer wheel, instead of one heap removal each. The order stays
 * exact: near orders by (time, sequence) and holds everything before the horizon, and all else lies
 * at or after it (whenever the horizon moves, every outer bucket that ends within the new span moves
 * in, and a timer the horizon has passed goes to near).
 *
 * <p>Bucket width and count adapt to the load: every {@link #ADAPT_EVERY} bucket moves, if near took
 * in many timers per move, the width shrinks (down to 1 ns); if many arms went to far, the width (when
 * buckets are nearly empty) or the number of buckets grows. The thresholds are a factor 8 apart and a
 * step is a factor 4, so adapting settles instead of oscillating. Adapting re-buckets the wheel, O(timers
 * in it).
 */
final class EventQueue {
  static final int ADAPT_EVERY = 64;
  /** Average timers taken into near per bucket move above which buckets narrow: near stays short. */
  static final int SHRINK_ABOVE = 16;
  /** Average below which buckets widen, if too many arms go past the wheel. */
  static final int GROW_BELOW = 2;
  static final int MAX_BUCKETS = 1 << 18;
  static final long MAX_WIDTH = 1L << 40;
  static final int OUTER_BUCKETS = 256;

  private final int adaptEvery;

  private final NearQueue near = new NearQueue();
  private final TimerHeap far = new TimerHeap(Timer.FAR);
  private TimerWheel wheel;
  private long width;
  /** Near holds exactly the timers due before it. */
  private long horizon;
  /** The bucket covering {@code [horizon, horizon + width)}. */
  private int start;

  private TimerWheel outer = new TimerWheel(OUTER_BUCKETS, Timer.OUTER);
  /**
   * Start of the outer bucket {@code outerStart}, which covers {@code [outerBase, outerBase +
   * outerWidth())}; at most {@code horizon + span()} (the buckets before it have moved in), and more
   * than {@code horizon + span() - outerWidth()} while the outer wheel holds timers.
   */
  private long outerBase;
  private int outerStart;

  private int moves;
  private long moved;
  private long toWheel;
  private long toFar;

  EventQueue() {
    this(64, 1024, ADAPT_EVERY);
  }

  /**
   * A queue of a given starting shape: {@code buckets} a power of two, at least 64. Tests use a
   * narrow wheel that adapts at every bucket move, so every tier and every adaptation is exercised.
   */
  EventQueue(int buckets, long width, int adaptEvery) {
    this.wheel = new TimerWheel(buckets, Timer.WHEEL);
    this.width = width;
    this.adaptEvery = adaptEvery;
    this.outerBase = span();
  }

  int size() {
    return near.size() + wheel.count() + outer.count() + far.size();
  }

  /** The next timer, or null if none. */
  Timer peek() {
    fillNear();
    return near.peek();
  }

  /** The time the queue keeps for its next timer; only when not empty (tests compare it). */
  long peekWhen() {
    fillNear();
    return near.peekWhen();
  }

  void insert(Timer t, long w, long s) {
    place(t, w, s);
    count(t);
  }

  /** Gives a queued timer a new key. */
  void update(Timer t, long w, long s) {
    if ((t.tier == Timer.RUN || t.tier == Timer.NEAR) && w < horizon) {
      near.update(t, w, s);
    } else if (t.tier == Timer.FAR && beyondOuter(w)) {
      far.update(t, w, s);
    } else {
      remove(t);
      place(t, w, s);
      count(t);
    }
  }

  /** Counts where arms land, for {@link #adapt()}; internal moves are not counted. */
  private void count(Timer t) {
    if (t.tier == Timer.WHEEL) {
      toWheel++;
    } else if (t.tier == Timer.OUTER || t.tier == Timer.FAR) {
      toFar++;
    } else {
      moved++;
    }
  }

  void remove(Timer t) {
    switch (t.tier) {
      case Timer.RUN, Timer.NEAR -> near.remove(t);
      case Timer.WHEEL -> wheel.remove(t);
      case Timer.OUTER -> outer.remove(t);
      case Timer.FAR -> far.remove(t);
      default -> throw new IllegalStateException("timer is not queued");
    }
  }

  /** Puts a timer in the tier its time belongs to. Times are never negative. */
  void place(Timer t, long w, long s) {
    if (w < horizon) {
      near.insert(t, w, s);
      return;
    }
    long offset = (w - horizon) / width;
    if (offset < wheel.buckets()) {
      wheel.add((int) ((start + offset) & (wheel.buckets() - 1)), t, w, s);
      return;
    }
    // Beyond the wheel, so w >= horizon + span() >= outerBase.
    long o = (w - outerBase) / outerWidth();
    if (o < OUTER_BUCKETS) {
      outer.add((int) ((outerStart + o) & (OUTER_BUCKETS - 1)), t, w, s);
    } else {
      far.insert(t, w, s);
    }
  }

  private boolean beyondOuter(long w) {
    return w - horizon >= span() && (w - outerBase) / outerWidth() >= OUTER_BUCKETS;
  }

  private long span() {
    return wheel.buckets() * width;
  }

  private long outerWidth() {
    return span() / 2;
  }

  private static long saturatedAdd(long a, long b) {
    return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
  }

  private void fillNear() {
    while (near.size() == 0 && (wheel.count() > 0 || outer.count() > 0 || far.size() > 0)) {
      advance();
    }
  }

  /**
   * Moves the next non-empty bucket into near, or, if the wheel is empty, re-anchors it where the next
   * outer bucket or far timer will move in.
   */
  private void advance() {
    int d = wheel.distanceToNonEmpty(start);
    if (d < 0) {
      if (outer.count() > 0) {
        long next = outerBase + outer.distanceToNonEmpty(outerStart) * outerWidth();
        // That bucket ends exactly at the new horizon + span().
        horizon = Math.max(horizon, next - outerWidth());
      } else {
        horizon = far.peekWhen();
      }
      start = 0;
      pullFromFar();
      return;
    }
    int b = (start + d) & (wheel.buckets() - 1);
    moved += wheel.drainInto(b, near);
    moves++;
    // Saturates: a bucket at the very end of time still moves whole into near.
    long step = (d + 1) * width;
    horizon = saturatedAdd(horizon, step);
    start = (b + 1) & (wheel.buckets() - 1);
    pullFromFar();
    if (moves >= adaptEvery) {
      adapt();
    }
  }

  /**
   * The wheel has turned: outer buckets now wholly within its span move into it, then far timers now
   * within the outer wheel's range move into their buckets.
   */
  private void pullFromFar() {
    long limit = saturatedAdd(horizon, span());
    long ow = outerWidth();
    while (outer.count() > 0) {
      int d = outer.distanceToNonEmpty(outerStart);
      long bucketStart = outerBase + d * ow;
      if (saturatedAdd(bucketStart, ow) > limit) {
        break;
      }
      outerStart = (outerStart + d) & (OUTER_BUCKETS - 1);
      outerBase = bucketStart;
      outer.drainTo(outerStart, this);
      outerStart = (outerStart + 1) & (OUTER_BUCKETS - 1);
      outerBase = saturatedAdd(outerBase, ow);
    }
    if (outer.count() == 0) {
      outerBase = limit;
      outerStart = 0;
    }
    while (far.size() > 0 && !beyondOuter(far.peekWhen())) {
      Timer t = far.peek();
      long w = far.peekWhen();
      long s = far.peekSeq();
      far.remove(t);
      place(t, w, s);
    }
  }

  private void adapt() {
    long average = moved / moves;
    boolean farHeavy = toFar * 16 > toWheel + toFar;
    moves = 0;
    moved = 0;
    toWheel = 0;
    toFar = 0;
    if (average > SHRINK_ABOVE && width > 1) {
      rebucket(wheel.buckets(), Math.max(1, width / 4));
    } else if (farHeavy && average < GROW_BELOW && width < MAX_WIDTH) {
      rebucket(wheel.buckets(), width * 4);
    } else if (farHeavy && wheel.buckets() < MAX_BUCKETS) {
      rebucket(Math.min(MAX_BUCKETS, wheel.buckets() * 4), width);
    }
  }

  /** A wheel of a new shape: every timer beyond near is placed again, the outer wheel re-anchored. */
  private void rebucket(int buckets, long newWidth) {
    TimerWheel oldWheel = wheel;
    TimerWheel oldOuter = outer;
    wheel = new TimerWheel(buckets, Timer.WHEEL);
    width = newWidth;
    start = 0;
    outer = new TimerWheel(OUTER_BUCKETS, Timer.OUTER);
    outerBase = saturatedAdd(horizon, span());
    outerStart = 0;
    oldWheel.drainTo(this);
    oldOuter.drainTo(this);
    pullFromFar();
  }
}

package org.listensim.core;

import java.util.Objects;
import org.listensim.core.random.RandomStreams;
import org.listensim.core.trace.TraceRecord;
import org.listensim.core.trace.TraceSink;

/**
 * One simulation: a virtual clock, the event queue, the run's random streams and its trace sink.
 *
 * <p>Events are {@link Timer}s. They run in the total order (time, phase, scheduling sequence): at equal
 * times, timers of a lower phase run first, and within a phase in the order they were last armed. Most
 * timers use phase 0; a model uses a higher phase for what must come after everything else due in the
 * same instant (the kernel model delivers packets after the timers of the same jiffy). A run is
 * therefore a pure function of the model and the seed. A simulator is confined to one thread.
 */
public final class Simulator {
  /** Highest phase a timer may have. */
  public static final int MAX_PHASE = 127;

  // The phase sits above a 56-bit scheduling counter in one key, so ordering stays two longs.
  static final int PHASE_SHIFT = 56;

  private final EventQueue queue;
  private final RandomStreams random;
  private final TraceSink trace;
  private long now;
  private long nextSeq;
  private long dispatched;
  private long eventLimit = Long.MAX_VALUE;
  private boolean stopRequested;

  public Simulator(long seed) {
    this(seed, TraceSink.NONE);
  }

  public Simulator(long seed, TraceSink trace) {
    this(seed, trace, new EventQueue());
  }

  /** With a queue of a chosen starting shape: for tests of the queue's tiers. */
  Simulator(long seed, TraceSink trace, EventQueue queue) {
    this.random = new RandomStreams(seed);
    this.trace = Objects.requireNonNull(trace, "trace");
    this.queue = queue;
  }

  /** The current virtual time in nanoseconds. */
  public long now() {
    return now;
  }

  public RandomStreams random() {
    return random;
  }

  /** A new, unarmed timer of phase 0 that runs {@code action} each time it fires. */
  public Timer newTimer(Runnable action) {
    return newTimer(0, action);
  }

  /** A new, unarmed timer of the given phase (0 to {@link #MAX_PHASE}); see the class comment. */
  public Timer newTimer(int phase, Runnable action) {
    return new Timer(this, phase, Objects.requireNonNull(action, "action"));
  }

  static int checkPhase(int phase) {
    if (phase < 0 || phase > MAX_PHASE) {
      throw new IllegalArgumentException("phase must be 0.." + MAX_PHASE + ": " + phase);
    }
    return phase;
  }

  /** Schedules a one-shot action at absolute time {@code time}. */
  public Timer scheduleAt(long time, Runnable action) {
    Timer t = newTimer(action);
    t.armAt(time);
    return t;
  }

  /** Schedules a one-shot action {@code delay} nanoseconds from now. */
  public Timer schedule(long delay, Runnable action) {
    Timer t = newTimer(action);
    t.armAfter(delay);
    return t;
  }

  /** Number of events (timer firings) dispatched so far. */
  public long eventsDispatched() {
    return dispatched;
  }

  /** Number of timers currently pending. */
  public int pendingEvents() {
    int n = queue.size();
    // While an action runs, its timer still sits at the front of the queue but is not pending.
    return n > 0 && queue.peek().state == Timer.FIRING ? n - 1 : n;
  }

  /** Caps the number of events a run may dispatch; hitting it throws {@link EventLimitExceededException}. */
  public void setEventLimit(long limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("event limit must be positive: " + limit);
    }
    this.eventLimit = limit;
  }

  /** Asks the running loop to return after the current event. */
  public void stop() {
    stopRequested = true;
  }

  public boolean isTracing() {
    return trace != TraceSink.NONE;
  }

  /** Hands a record, stamped with the current time, to the trace sink. */
  public void trace(TraceRecord record) {
    trace.accept(now, record);
  }

  /** Runs every event with time ≤ {@code endTime}, then sets the clock to {@code endTime}. */
  public RunStatus runUntil(long endTime) {
    if (endTime < now) {
      throw new IllegalArgumentException(
          "end time " + SimTime.format(endTime) + " is before now " + SimTime.format(now));
    }
    return run(endTime);
  }

  /** Runs until no event is left (or a stop is requested). */
  public RunStatus runUntilIdle() {
    return run(Long.MAX_VALUE);
  }

  private RunStatus run(long endTime) {
    stopRequested = false;
    Timer t;
    while ((t = queue.peek()) != null) {
      long when = t.when;
      if (when > endTime) {
        now = endTime;
        return RunStatus.TIME_REACHED;
      }
      if (dispatched >= eventLimit) {
        throw new EventLimitExceededException(eventLimit, when);
      }
      now = when;
      dispatched++;
      // The timer stays at the front of the queue while it fires: nothing armed now can order before
      // it, and the action may re-arm or cancel it where it is.
      t.state = Timer.FIRING;
      try {
        t.fire();
      } finally {
        // Also when the action throws, so the timer is not left at the root to fire again.
        if (t.state == Timer.FIRING) {
          t.state = Timer.IDLE;
          queue.remove(t);
        }
      }
      if (stopRequested) {
        return RunStatus.STOPPED;
      }
    }
    if (endTime != Long.MAX_VALUE) {
      now = endTime;
    }
    return RunStatus.IDLE;
  }

  void arm(Timer t, long when) {
    if (when < now) {
      throw new IllegalArgumentException(
          "cannot arm a timer in the past: " + SimTime.format(when) + " < now " + SimTime.format(now));
    }
    long seq = t.phaseKey | nextSeq++;
    if (t.index >= 0) {
      queue.update(t, when, seq);
    } else {
      queue.insert(t, when, seq);
    }
    t.when = when;
    t.state = Timer.PENDING;
  }

  boolean cancel(Timer t) {
    if (t.state != Timer.PENDING) {
      return false;
    }
    queue.remove(t);
    t.state = Timer.IDLE;
    return true;
  }
}

package org.listensim.core;

/**
 * A re-armable one-shot timer, in the manner of the kernel's {@code timer_list}: {@link #armAt} behaves
 * like {@code mod_timer} (arming a pending timer moves it, so it fires once, at its last time) and {@link
 * #cancel} like {@code del_timer}. Arming is O(log n), cancelling O(1), and neither allocates, so a
 * model can keep one timer per socket and re-arm it freely.
 *
 * <p>While its action runs a timer is not pending; the action may re-arm it.
 */
public final class Timer {
  static final byte IDLE = 0;
  static final byte PENDING = 1;
  static final byte FIRING = 2;

  private final Simulator sim;
  private final Runnable action;
  /** The phase, pre-shifted into the top bits of the sequence key. */
  final long phaseKey;
  long when;
  /** Sequence key of the timer's live queue entry; older entries of this timer are stale. */
  long seq;
  byte state = IDLE;
  /** Re-armed while firing: its new entry is queued when the action returns. */
  boolean rearmedWhileFiring;

  Timer(Simulator sim, int phase, Runnable action) {
    this.sim = sim;
    this.phaseKey = (long) phase << Simulator.PHASE_SHIFT;
    this.action = action;
  }

  /** Arms (or moves) the timer to fire at absolute virtual time {@code time} ≥ now. */
  public void armAt(long time) {
    sim.arm(this, time);
  }

  /** Arms (or moves) the timer to fire {@code delay} nanoseconds from now. */
  public void armAfter(long delay) {
    if (delay < 0) {
      throw new IllegalArgumentException("negative delay: " + delay);
    }
    sim.arm(this, Math.addExact(sim.now(), delay));
  }

  /**
   * Cancels the timer.
   *
   * @return whether it was pending (as {@code del_timer} returns)
   */
  public boolean cancel() {
    return sim.cancel(this);
  }

  public boolean isPending() {
    return state == PENDING;
  }

  /** The time it will fire at; meaningful only while {@link #isPending()}. */
  public long expires() {
    return when;
  }

  void fire() {
    action.run();
  }
}

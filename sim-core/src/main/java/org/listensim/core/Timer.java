package org.listensim.core;

import java.util.Objects;

/**
 * A re-armable one-shot timer, in the manner of the kernel's {@code timer_list}: {@link #armAt} behaves
 * like {@code mod_timer} (arming a pending timer moves it, so it fires once, at its last time) and {@link
 * #cancel} like {@code del_timer}. Arming and cancelling are O(1) or O(log n) and allocate nothing once
 * the queue has grown, so a model can keep one timer per socket and re-arm it freely.
 *
 * <p>While its action runs a timer is not pending; the action may re-arm it.
 *
 * <p>A model that keeps a timer in each of many objects may subclass it and override {@link #fire()}
 * instead of passing an action: the object is then its own timer, as a kernel structure embeds its
 * {@code timer_list}, and firing it touches one object instead of two.
 */
public class Timer {
  static final byte IDLE = 0;
  static final byte PENDING = 1;
  static final byte FIRING = 2;

  // Where the EventQueue keeps it.
  static final byte NOWHERE = 0;
  static final byte RUN = 1;
  static final byte NEAR = 2;
  static final byte WHEEL = 3;
  static final byte OUTER = 4;
  static final byte FAR = 5;

  private final Simulator sim;
  private final Runnable action;
  /** The phase, pre-shifted into the top bits of the sequence key. */
  final long phaseKey;
  long when;
  /** Scheduling sequence of the last arm; kept here while the timer waits in a wheel bucket. */
  long seq;
  byte state = IDLE;
  byte tier = NOWHERE;
  /** Slot in its heap or place in its bucket; -1 when not queued. */
  int index = -1;
  int bucket;

  Timer(Simulator sim, int phase, Runnable action) {
    this.sim = sim;
    this.phaseKey = (long) Simulator.checkPhase(phase) << Simulator.PHASE_SHIFT;
    this.action = action;
  }

  /** For a subclass that overrides {@link #fire()}: an unarmed timer of the given phase. */
  protected Timer(Simulator sim, int phase) {
    this(Objects.requireNonNull(sim, "sim"), phase, null);
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
  public long dueAt() {
    return when;
  }

  /** What the timer does when it expires: runs its action, unless a subclass overrides this. */
  protected void fire() {
    action.run();
  }
}

package org.listensim.kernel;

import java.util.Objects;
import org.listensim.core.Timer;

/**
 * A kernel {@code timer_list}: armed with an expiry in jiffies, it fires at the start of that jiffy, in
 * the engine's phase for timers, so it runs before packets delivered in the same jiffy (the timer
 * softirq runs before receive processing; see the listen-path spec §0.3).
 */
public class KernelTimer extends Timer {
  /** Engine phase of kernel timers: before packet deliveries of the same instant. */
  public static final int PHASE = 0;

  private final KernelClock clock;
  private final Runnable action;
  private long expires;

  /** A timer that runs {@code action} ({@code timer.function}). */
  public KernelTimer(KernelClock clock, Runnable action) {
    super(clock.sim(), PHASE);
    this.clock = clock;
    this.action = Objects.requireNonNull(action, "action");
  }

  /**
   * For a subclass that is its own function, overriding {@link #fire()}: one object per timer, as the
   * kernel embeds the timer in its socket, which counts when every one of a million sockets has one.
   */
  protected KernelTimer(KernelClock clock) {
    super(clock.sim(), PHASE);
    this.clock = clock;
    this.action = null;
  }

  @Override
  protected void fire() {
    action.run();
  }

  /**
   * {@code mod_timer}: (re)arms for jiffy {@code expires}. An expiry already reached fires at once
   * (the kernel runs it at the next tick; the simulator has no idle ticks to wait for).
   */
  @KernelSource(file = "kernel/timer.c", function = "mod_timer")
  public void modTimer(long expires) {
    this.expires = expires;
    armAt(Math.max(clock.timeOfJiffy(expires), clock.sim().now()));
  }

  /** {@code del_timer}: returns whether the timer was pending. */
  @KernelSource(file = "kernel/timer.c", function = "del_timer")
  public boolean delTimer() {
    return cancel();
  }

  /** {@code timer_pending}. */
  public boolean pending() {
    return isPending();
  }

  /** The expiry (jiffies) last armed. */
  public long expires() {
    return expires;
  }
}

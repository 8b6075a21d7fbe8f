package org.listensim.kernel;

/**
 * {@code net_ratelimit()}: at most {@code burst} messages per {@code interval} jiffies (2.6.32 defaults:
 * 10 per 5·HZ), shared by every caller on the host.
 */
@KernelSource(file = "net/core/utils.c", function = "net_ratelimit")
public final class NetRatelimit {
  private final KernelClock clock;
  private final long interval;
  private final int burst;
  private long begin;
  private int printed;
  /** begin is set ({@code rs->begin != 0} in the kernel, whose jiffies are never 0 here). */
  private boolean started;

  public NetRatelimit(KernelClock clock) {
    this.clock = clock;
    this.interval = 5L * clock.hz();
    this.burst = 10;
  }

  /**
   * Whether a message may be printed now; counts it if so. The interval starts at the first call after
   * a reset and ends once jiffies is strictly after begin + interval; the call that sees that passes
   * and clears begin, so the next call starts the new interval. (The "callbacks suppressed" warning
   * of {@code __ratelimit} is not emitted.)
   */
  public boolean allow() {
    long now = clock.jiffies();
    if (!started) {
      started = true;
      begin = now;
    }
    if (KernelClock.timeAfter(now, begin + interval)) {
      started = false;
      printed = 0;
    }
    if (printed < burst) {
      printed++;
      return true;
    }
    return false;
  }
}

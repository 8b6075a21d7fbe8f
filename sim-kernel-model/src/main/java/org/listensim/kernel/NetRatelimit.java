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
  private boolean started;

  public NetRatelimit(KernelClock clock) {
    this.clock = clock;
    this.interval = 5L * clock.hz();
    this.burst = 10;
  }

  /** Whether a message may be printed now; counts it if so. */
  public boolean allow() {
    long now = clock.jiffies();
    if (!started || KernelClock.timeAfterEq(now, begin + interval)) {
      started = true;
      begin = now;
      printed = 0;
    }
    if (printed < burst) {
      printed++;
      return true;
    }
    return false;
  }
}

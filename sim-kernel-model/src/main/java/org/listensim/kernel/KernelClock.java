package org.listensim.kernel;

import org.listensim.core.SimTime;
import org.listensim.core.Simulator;

/**
 * The kernel's notion of time for one host: {@code jiffies} at a build-time HZ, derived from the
 * engine's virtual nanoseconds. Jiffy J begins at the first nanosecond t with {@code ⌊t·HZ/10⁹⌋ =
 * J − initialJiffies}; kernel timers fire at the start of their jiffy.
 *
 * <p>Jiffies are 64-bit (an x86-64 kernel) and start, by default, at {@code INITIAL_JIFFIES} =
 * 2³² − 300·HZ as at boot ({@code include/linux/jiffies.h}); a scenario may start later.
 */
@KernelSource(file = "include/linux/jiffies.h", function = "INITIAL_JIFFIES")
public final class KernelClock {
  /** HZ values a 2.6.32 x86 kernel can be built with. */
  public static final int[] SUPPORTED_HZ = {100, 250, 300, 1000};

  private final Simulator sim;
  private final int hz;
  private final long initialJiffies;
  private final long bootWallSeconds;

  public KernelClock(Simulator sim, int hz, long initialJiffies, long bootWallSeconds) {
    if (hz != 100 && hz != 250 && hz != 300 && hz != 1000) {
      throw new IllegalArgumentException("HZ must be one of 100, 250, 300, 1000: " + hz);
    }
    this.sim = sim;
    this.hz = hz;
    this.initialJiffies = initialJiffies;
    this.bootWallSeconds = bootWallSeconds;
  }

  /** A clock at the given HZ whose jiffies start at INITIAL_JIFFIES, wall clock at 2010-01-01. */
  public static KernelClock atBoot(Simulator sim, int hz) {
    return new KernelClock(sim, hz, initialJiffies(hz), 1_262_304_000L);
  }

  /** {@code INITIAL_JIFFIES}: the 32-bit pattern of −300·HZ, widened without sign. */
  public static long initialJiffies(int hz) {
    return Integer.toUnsignedLong(-300 * hz);
  }

  public Simulator sim() {
    return sim;
  }

  public int hz() {
    return hz;
  }

  public long initialJiffies() {
    return initialJiffies;
  }

  /** The current {@code jiffies}. */
  public long jiffies() {
    return initialJiffies + Math.multiplyExact(sim.now(), (long) hz) / SimTime.NANOS_PER_SECOND;
  }

  /** The first nanosecond of jiffy {@code j} (which may lie before the run's start). */
  public long timeOfJiffy(long j) {
    long k = j - initialJiffies;
    // ceil(k·10⁹/HZ): exact for HZ 100/250/1000, and for 300 the first ns whose floor is k.
    return Math.floorDiv(Math.multiplyExact(k, SimTime.NANOS_PER_SECOND) + hz - 1, hz);
  }

  /** {@code tcp_time_stamp}: the low 32 bits of jiffies. */
  @KernelSource(file = "include/net/tcp.h", function = "tcp_time_stamp")
  public int tcpTimeStamp() {
    return (int) jiffies();
  }

  /** {@code get_seconds()}: wall-clock seconds, used only for PAWS ageing. */
  public long getSeconds() {
    return bootWallSeconds + sim.now() / SimTime.NANOS_PER_SECOND;
  }

  // Timer constants of include/net/tcp.h, in jiffies at this HZ.

  /** {@code TCP_TIMEOUT_INIT} = 3·HZ. */
  public long tcpTimeoutInit() {
    return 3L * hz;
  }

  /** {@code TCP_SYNQ_INTERVAL} = HZ/5. */
  public long tcpSynqInterval() {
    return hz / 5;
  }

  /** {@code TCP_RTO_MAX} = 120·HZ. */
  public long tcpRtoMax() {
    return 120L * hz;
  }

  /** {@code TCP_RTO_MIN} = HZ/5. */
  public long tcpRtoMin() {
    return hz / 5;
  }

  /** {@code TCP_TIMEWAIT_LEN} = 60·HZ. */
  public long tcpTimewaitLen() {
    return 60L * hz;
  }

  /** {@code time_after(a, b)}: a is strictly later than b, as a signed difference. */
  public static boolean timeAfter(long a, long b) {
    return b - a < 0;
  }

  /** {@code time_after_eq(a, b)}. */
  public static boolean timeAfterEq(long a, long b) {
    return a - b >= 0;
  }
}

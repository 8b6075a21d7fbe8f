package org.listensim.scenarios.workload;

import java.util.List;

/** When a population's connection attempts start (open loop), or how many clients loop (closed loop). */
public sealed interface Arrival {
  /** {@code count} attempts, the first at {@code start}, then one every {@code intervalNanos}. */
  record Constant(long start, long intervalNanos, long count) implements Arrival {}

  /** A Poisson process of {@code ratePerSecond} from {@code start} until {@code stop} (ns). */
  record Poisson(long start, long stop, double ratePerSecond) implements Arrival {}

  /** {@code perBurst} attempts at each of the given times (ns). */
  record Bursts(List<Long> times, long perBurst) implements Arrival {
    public Bursts {
      times = List.copyOf(times);
    }
  }

  /**
   * {@code clients} closed-loop clients starting at {@code start}: each connects, sends its request,
   * waits for the reply, thinks, and repeats until {@code stop}.
   */
  record ClosedLoop(long start, long stop, int clients, Distribution thinkNanos) implements Arrival {}
}

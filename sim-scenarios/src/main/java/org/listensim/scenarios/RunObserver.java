package org.listensim.scenarios;

import org.listensim.kernel.TcpSegment;

/**
 * Watches a run from outside the kernel model (a packet capture, a time-series sampler). The runner
 * calls it between events or from trace records, never in a way that changes what the run decides: a
 * run with observers has the same digest as one without.
 */
public interface RunObserver {
  /**
   * A segment on the server's interface: {@code inbound} when it reached the server ({@code
   * tcp_v4_rcv}, before the kernel decides anything: segments the kernel then drops are included),
   * else when the server sent it.
   */
  default void segment(long timeNanos, boolean inbound, TcpSegment segment) {}

  /** Simulated nanoseconds between samples; 0 (the default) asks for none. */
  default long sampleIntervalNanos() {
    return 0;
  }

  /**
   * The state at {@code timeNanos}, after every event of that instant: at 0, every interval, and at
   * the end of the run.
   */
  default void sample(long timeNanos, RunProbe probe) {}

  /** The run is over; {@code probe} shows the final state. */
  default void finished(RunResult result, RunProbe probe) {}

  /**
   * Observers in one: segments and the end go to each in order; samples go to the one observer that
   * asks for them (at most one may).
   */
  static RunObserver all(RunObserver... observers) {
    RunObserver[] os = observers.clone();
    RunObserver sampler = null;
    for (RunObserver o : os) {
      if (o.sampleIntervalNanos() > 0) {
        if (sampler != null) {
          throw new IllegalArgumentException("at most one observer may sample");
        }
        sampler = o;
      }
    }
    RunObserver s = sampler;
    return new RunObserver() {
      @Override
      public void segment(long timeNanos, boolean inbound, TcpSegment segment) {
        for (RunObserver o : os) {
          o.segment(timeNanos, inbound, segment);
        }
      }

      @Override
      public long sampleIntervalNanos() {
        return s == null ? 0 : s.sampleIntervalNanos();
      }

      @Override
      public void sample(long timeNanos, RunProbe probe) {
        if (s != null) {
          s.sample(timeNanos, probe);
        }
      }

      @Override
      public void finished(RunResult result, RunProbe probe) {
        for (RunObserver o : os) {
          o.finished(result, probe);
        }
      }
    };
  }
}

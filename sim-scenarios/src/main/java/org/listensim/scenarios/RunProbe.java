package org.listensim.scenarios;

import org.HdrHistogram.Histogram;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.scenarios.workload.Outcome;

/** A read-only view of a run in progress, for {@link RunObserver}s. */
public interface RunProbe {
  /** The listening socket now. */
  RunResult.ListenerView listener();

  /** A kernel MIB counter of the server now. */
  long counter(MibCounter c);

  /** A simulator counter of the server now. */
  long simCounter(SimCounter c);

  /** Connection attempts so far, over all populations. */
  long attempts();

  /**
   * Attempts that ended with {@code o} so far, over all populations; for {@link Outcome#PENDING}, the
   * attempts that have not ended yet.
   */
  long outcome(Outcome o);

  /** connect() latencies so far, in nanoseconds (a copy). */
  Histogram connectLatencyNanos();
}

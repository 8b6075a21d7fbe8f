package org.listensim.scenarios;

import java.io.OutputStream;

/**
 * How to run a scenario.
 *
 * @param seed overrides the scenario's seed when not null
 * @param untilNanos ends the run at this simulated time instead of the scenario's duration, when not null
 * @param trace where to write the JSON Lines trace, or null
 * @param progress told the simulated time as the run advances, or null
  * @param observer watches the run (capture, sampling), or null
 * @param header written as the trace's first line when not null and {@code trace} is set, with the
 *     seed and end time the run actually uses (see {@link TraceHeader}); not covered by the digest
 */
public record RunOptions(
    Long seed, Long untilNanos, OutputStream trace, Progress progress, RunObserver observer, TraceHeader header) {
  public static final RunOptions DEFAULT = new RunOptions(null, null, null, null, null, null);

  public RunOptions(Long seed, Long untilNanos, OutputStream trace, Progress progress) {
    this(seed, untilNanos, trace, progress, null, null);
  }

  public RunOptions(Long seed, Long untilNanos, OutputStream trace, Progress progress, RunObserver observer) {
    this(seed, untilNanos, trace, progress, observer, null);
  }

  /** The same options with an observer. */
  public RunOptions withObserver(RunObserver o) {
    return new RunOptions(seed, untilNanos, trace, progress, o, header);
  }

  /** The same options with a trace header. */
  public RunOptions withHeader(TraceHeader h) {
    return new RunOptions(seed, untilNanos, trace, progress, observer, h);
  }

  /** Told, between chunks of the run (never from inside an event), how far the run has come. */
  @FunctionalInterface
  public interface Progress {
    void at(long nowNanos, long endNanos);
  }
}

package org.listensim.scenarios;

import java.io.OutputStream;

/**
 * How to run a scenario.
 *
 * @param seed overrides the scenario's seed when not null
 * @param untilNanos ends the run at this simulated time instead of the scenario's duration, when not null
 * @param trace where to write the JSON Lines trace, or null
 * @param progress told the simulated time as the run advances, or null
 */
public record RunOptions(Long seed, Long untilNanos, OutputStream trace, Progress progress) {
  public static final RunOptions DEFAULT = new RunOptions(null, null, null, null);

  /** Told, between chunks of the run (never from inside an event), how far the run has come. */
  @FunctionalInterface
  public interface Progress {
    void at(long nowNanos, long endNanos);
  }
}

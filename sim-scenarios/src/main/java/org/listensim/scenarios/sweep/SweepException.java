package org.listensim.scenarios.sweep;

/** A sweep cannot go on: a directory that holds another sweep, shards that do not fit together, a run the kernel refuses. */
public final class SweepException extends Exception {
  public SweepException(String message) {
    super(message);
  }
}

package org.listensim.core;

/** Thrown when a run dispatches more events than its cap allows: usually a model that never goes idle. */
public final class EventLimitExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final long limit;
  private final long time;

  EventLimitExceededException(long limit, long time) {
    super("event limit of " + limit + " events reached at simulated time " + SimTime.format(time)
        + "; the run was stopped before the next event");
    this.limit = limit;
    this.time = time;
  }

  public long limit() {
    return limit;
  }

  public long time() {
    return time;
  }
}

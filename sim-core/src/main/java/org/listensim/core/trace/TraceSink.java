package org.listensim.core.trace;

/** Receives every trace record of a run, with the virtual time (ns) it was emitted at. */
public interface TraceSink extends AutoCloseable {
  /** The sink that drops everything; models may skip building records when it is in use. */
  TraceSink NONE = (time, record) -> {};

  void accept(long timeNanos, TraceRecord record);

  /** Flushes and releases what the sink holds. */
  @Override
  default void close() {}

  /** A sink that hands each record to every one of {@code sinks}, in order. */
  static TraceSink tee(TraceSink... sinks) {
    TraceSink[] copy = sinks.clone();
    return new TraceSink() {
      @Override
      public void accept(long timeNanos, TraceRecord record) {
        for (TraceSink s : copy) {
          s.accept(timeNanos, record);
        }
      }

      @Override
      public void close() {
        for (TraceSink s : copy) {
          s.close();
        }
      }
    };
  }
}

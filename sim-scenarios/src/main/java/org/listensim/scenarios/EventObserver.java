package org.listensim.scenarios;

import org.listensim.core.Simulator;
import org.listensim.core.trace.TraceRecord;
import org.listensim.kernel.ipv4.Host;
import org.listensim.kernel.ipv4.TcpSock;

/**
 * Watches a run from the inside, for tests: it sees the server and its listening socket, and every
 * trace record (each kernel state change) at the moment it is emitted, so it can check invariants at
 * every event. An observer must not change what it observes; the run's digest is the same with or
 * without one.
 */
public interface EventObserver {
  /** An observer that does nothing. */
  EventObserver NONE = (time, record) -> {};

  /** The server listens; no event has run yet. Records emitted before this call are not shown. */
  default void started(Simulator sim, Host server, TcpSock listener) {}

  /** One trace record, as the digest sees it, with the simulated time it was emitted at. */
  void record(long timeNanos, TraceRecord record);

  /** The run is over. */
  default void finished(RunResult result) {}
}

package org.listensim.scenarios.workload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.listensim.kernel.Ipv4;

/**
 * How the connection attempts ended, per population, with connect latency (first SYN → ESTABLISHED at
 * the client) and time to accept (first SYN → accept() returned) in nanoseconds. Live during a run;
 * {@link #finish()} classifies what is still open as {@link Outcome#PENDING}.
 */
public final class Outcomes {
  private final List<String> populations = new ArrayList<>();
  private final List<long[]> counts = new ArrayList<>();
  private final List<long[]> attempts = new ArrayList<>();
  private final Histogram connectLatency = new Histogram(3);
  private final Histogram timeToAccept = new Histogram(3);
  private long[] accepted = new long[64];
  private int acceptedCount;

  int addPopulation(String name) {
    if (populations.contains(name)) {
      throw new IllegalArgumentException("population " + name + " added twice");
    }
    populations.add(name);
    counts.add(new long[Outcome.values().length]);
    attempts.add(new long[2]);
    return populations.size() - 1;
  }

  void attempt(int pop) {
    attempts.get(pop)[0]++;
  }

  /** connect() failed locally (no free port): not an attempt on the wire. */
  void localError(int pop) {
    attempts.get(pop)[1]++;
  }

  void record(int pop, Outcome o) {
    if (o == Outcome.PENDING) {
      throw new IllegalArgumentException("PENDING is only given by finish()");
    }
    counts.get(pop)[o.ordinal()]++;
  }

  void connected(long latencyNanos) {
    connectLatency.recordValue(Math.max(0, latencyNanos));
  }

  void accepted(int pop, long timeToAcceptNanos, int addr, int port) {
    record(pop, Outcome.ACCEPTED);
    timeToAccept.recordValue(Math.max(0, timeToAcceptNanos));
    if (acceptedCount == accepted.length) {
      accepted = Arrays.copyOf(accepted, acceptedCount * 2);
    }
    accepted[acceptedCount++] = (Integer.toUnsignedLong(addr) << 16) | port;
  }

  public long count(String population, Outcome outcome) {
    int i = populations.indexOf(population);
    return i < 0 ? 0 : counts.get(i)[outcome.ordinal()];
  }

  public long count(Outcome outcome) {
    long n = 0;
    for (long[] c : counts) {
      n += c[outcome.ordinal()];
    }
    return n;
  }

  public List<String> populations() {
    return Collections.unmodifiableList(populations);
  }

  public Histogram connectLatencyNanos() {
    return connectLatency;
  }

  public Histogram timeToAcceptNanos() {
    return timeToAccept;
  }

  /** "ip:port" of every connection accept() returned, in accept order. */
  public List<String> acceptedPeers() {
    List<String> out = new ArrayList<>(acceptedCount);
    for (int i = 0; i < acceptedCount; i++) {
      out.add(Ipv4.format((int) (accepted[i] >>> 16), (int) (accepted[i] & 0xFFFF)));
    }
    return out;
  }

  public long attempts(String population) {
    int i = populations.indexOf(population);
    return i < 0 ? 0 : attempts.get(i)[0];
  }

  /** connect() calls that failed before sending anything (EADDRNOTAVAIL: no free local port). */
  public long localErrors(String population) {
    int i = populations.indexOf(population);
    return i < 0 ? 0 : attempts.get(i)[1];
  }

  /** Classifies every attempt that has no outcome yet as PENDING (idempotent). */
  public void finish() {
    for (int i = 0; i < populations.size(); i++) {
      long[] c = counts.get(i);
      long decided = 0;
      for (Outcome o : Outcome.values()) {
        if (o != Outcome.PENDING) {
          decided += c[o.ordinal()];
        }
      }
      c[Outcome.PENDING.ordinal()] = attempts.get(i)[0] - decided;
    }
  }
}

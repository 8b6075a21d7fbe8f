package org.listensim.scenarios;

import java.util.List;
import java.util.Map;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.scenarios.workload.Outcome;

/**
 * Everything a run produced that the summary and the JSON document show. Maps iterate in enum order;
 * lists are in time order.
 *
 * @param scenario the scenario's name
 * @param seed the seed the run used
 * @param hz the kernel's HZ
 * @param endNanos the simulated time the run ended at
 * @param endJiffies the server's jiffies at the end
 * @param digest SHA-256 of the canonical trace (hex)
 * @param traceRecords number of trace records the digest covers
 * @param counters every kernel MIB counter of the server, zeros included
 * @param simCounters the simulator's own observations (not kernel counters), zeros included
 * @param listener the listening socket as {@code ss -lnt} and the SYN table show it
 * @param accepted peers ({@code ip:port}) in the order the application accepted them
 * @param outcomes connection outcomes per client population
 * @param connectLatency connect() latency (SYN sent → connect() returned) of the clients
 * @param timeToAccept time from the client's first SYN to the server's accept()
 * @param emitted every segment the server sent, in order
 * @param notes what the run could not simulate, if anything (shown to the user)
 */
public record RunResult(
    String scenario,
    long seed,
    int hz,
    long endNanos,
    long endJiffies,
    String digest,
    long traceRecords,
    Map<MibCounter, Long> counters,
    Map<SimCounter, Long> simCounters,
    ListenerView listener,
    List<String> accepted,
    List<PopulationOutcomes> outcomes,
    Percentiles connectLatency,
    Percentiles timeToAccept,
    List<EmittedSegment> emitted,
    List<String> notes) {

  public RunResult {
    counters = Map.copyOf(counters);
    simCounters = Map.copyOf(simCounters);
    accepted = List.copyOf(accepted);
    outcomes = List.copyOf(outcomes);
    emitted = List.copyOf(emitted);
    notes = List.copyOf(notes);
  }

  public long counter(MibCounter c) {
    return counters.getOrDefault(c, 0L);
  }

  public long simCounter(SimCounter c) {
    return simCounters.getOrDefault(c, 0L);
  }

  /** Total of one outcome over all populations. */
  public long outcome(Outcome o) {
    return outcomes.stream().mapToLong(p -> p.count(o)).sum();
  }

  /** The row of one population, or null. */
  public PopulationOutcomes population(String name) {
    return outcomes.stream().filter(p -> p.population().equals(name)).findFirst().orElse(null);
  }

  /**
   * The listening socket: {@code recvQ} = sk_ack_backlog and {@code sendQ} = sk_max_ack_backlog (as
   * {@code ss -lnt} shows them), the SYN table's {@code qlen}, {@code qlen_young}, {@code
   * nr_table_entries} and {@code max_qlen_log}.
   */
  public record ListenerView(
      String local, String state, int recvQ, int sendQ, int synQueue, int synQueueYoung, int nrTableEntries,
      int maxQlenLog) {}

  /** One population's attempts and how each ended (every outcome present, zeros included). */
  public record PopulationOutcomes(String population, long attempts, Map<Outcome, Long> counts) {
    public PopulationOutcomes {
      counts = Map.copyOf(counts);
    }

    public long count(Outcome o) {
      return counts.getOrDefault(o, 0L);
    }
  }

  /** Percentiles of a latency, in nanoseconds; all 0 when {@code count} is 0. */
  public record Percentiles(long count, long min, long p50, long p90, long p99, long p999, long max) {
    public static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0, 0, 0, 0);
  }

  /** A segment the server sent: when (ns and jiffies), to whom, and its header fields. */
  public record EmittedSegment(
      long timeNanos, long jiffies, String src, String dst, String flags, long seq, long ack, int win, int len,
      int mss, int wscale, boolean sackOk, boolean timestamp, long tsval, long tsecr) {}
}

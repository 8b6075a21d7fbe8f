package org.listensim.scenarios.series;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.listensim.kernel.MibCounter;
import org.listensim.scenarios.RunObserver;
import org.listensim.scenarios.RunProbe;
import org.listensim.scenarios.RunResult;
import org.listensim.scenarios.workload.Outcome;

/**
 * Samples a run every {@code intervalNanos} of simulated time (at 0, every interval, and at the end)
 * and turns the samples into the tables a researcher charts: SYN-table and accept-queue occupancy with
 * their limits, client outcomes over time, the connect-latency CDF, and the kernel counters over time.
 */
public final class SeriesRecorder implements RunObserver {
  /** Counters that dwarf the listen path's: in the CSV, not on the chart. */
  private static final Set<MibCounter> NOT_CHARTED = Set.of(MibCounter.IN_SEGS, MibCounter.OUT_SEGS);

  private final long intervalNanos;
  private final List<double[]> syn = new ArrayList<>();
  private final List<double[]> accept = new ArrayList<>();
  private final List<double[]> outcomes = new ArrayList<>();
  private final List<double[]> counters = new ArrayList<>();
  private final List<double[]> cdf = new ArrayList<>();
  private boolean finished;

  public SeriesRecorder(long intervalNanos) {
    if (intervalNanos <= 0) {
      throw new IllegalArgumentException("the sample interval must be positive: " + intervalNanos + " ns");
    }
    this.intervalNanos = intervalNanos;
  }

  /** A default interval for a run of {@code durationNanos}: a thousandth of it in whole ms, at least 1 ms. */
  public static long defaultInterval(long durationNanos) {
    long ms = Math.max(1, durationNanos / 1000 / 1_000_000L);
    return ms * 1_000_000L;
  }

  @Override
  public long sampleIntervalNanos() {
    return intervalNanos;
  }

  @Override
  public void sample(long timeNanos, RunProbe probe) {
    double t = timeNanos / 1e6;
    RunResult.ListenerView l = probe.listener();
    syn.add(new double[] {t, l.synQueue(), l.synQueueYoung(), l.nrTableEntries() == 0
        ? 0 : (double) (1L << l.maxQlenLog())});
    accept.add(new double[] {t, l.recvQ(), l.sendQ()});
    Outcome[] os = Outcome.values();
    double[] o = new double[2 + os.length];
    o[0] = t;
    o[1] = probe.attempts();
    for (int i = 0; i < os.length; i++) {
      o[2 + i] = probe.outcome(os[i]);
    }
    outcomes.add(o);
    MibCounter[] cs = MibCounter.values();
    double[] c = new double[1 + cs.length];
    c[0] = t;
    for (int i = 0; i < cs.length; i++) {
      c[1 + i] = probe.counter(cs[i]);
    }
    counters.add(c);
  }

  @Override
  public void finished(RunResult result, RunProbe probe) {
    Histogram h = probe.connectLatencyNanos();
    long total = h.getTotalCount();
    if (total > 0) {
      cdf.add(new double[] {h.lowestEquivalentValue(h.getMinValue()) / 1e6, 0});
      long seen = 0;
      for (HistogramIterationValue v : h.recordedValues()) {
        seen += v.getCountAtValueIteratedTo();
        cdf.add(new double[] {h.highestEquivalentValue(v.getValueIteratedTo()) / 1e6, (double) seen / total});
      }
    }
    finished = true;
  }

  /** The tables, once the run is over: syn-table, accept-queue, outcomes, connect-latency-cdf, counters. */
  public List<SeriesTable> tables() {
    if (!finished) {
      throw new IllegalStateException("the run is not over");
    }
    String time = "simulated time (ms)";
    List<SeriesTable> out = new ArrayList<>();
    out.add(new SeriesTable("syn-table", "SYN table occupancy (listener's request queue)", time,
        "requests",
        List.of("time_ms", "syn_queue", "syn_queue_young", "syn_queue_limit"),
        List.of("qlen (requests in the SYN table)", "qlen_young (SYN-ACK never retransmitted)",
            "limit: 2^max_qlen_log (table full)"),
        syn, Set.of("syn_queue_limit"), Set.of("syn_queue", "syn_queue_young", "syn_queue_limit")));
    out.add(new SeriesTable("accept-queue", "Accept queue occupancy (ss -lnt Recv-Q)", time, "connections",
        List.of("time_ms", "accept_queue", "accept_queue_limit"),
        List.of("sk_ack_backlog (Recv-Q)", "limit: sk_max_ack_backlog (Send-Q; full above it)"),
        accept, Set.of("accept_queue_limit"), Set.of("accept_queue", "accept_queue_limit")));
    List<String> oc = new ArrayList<>(List.of("time_ms", "attempts"));
    List<String> ol = new ArrayList<>(List.of("attempts (SYN sent)"));
    for (Outcome o : Outcome.values()) {
      oc.add(o == Outcome.PENDING ? "in_progress" : o.label().replace('-', '_'));
      ol.add(o == Outcome.PENDING ? "in progress" : o.label());
    }
    out.add(new SeriesTable("outcomes", "Client connection outcomes (cumulative)", time, "connections",
        oc, ol, outcomes, Set.of(), new LinkedHashSet<>(oc.subList(1, oc.size()))));
    out.add(new SeriesTable("connect-latency-cdf", "connect() latency CDF", "connect() latency (ms)",
        "fraction of connections", List.of("latency_ms", "fraction"),
        List.of("connect() latency (first SYN to connect() returning)"), cdf, Set.of(), Set.of("fraction")));
    List<String> cc = new ArrayList<>(List.of("time_ms"));
    List<String> cl = new ArrayList<>();
    Set<String> charted = new LinkedHashSet<>();
    double[] last = counters.isEmpty() ? null : counters.get(counters.size() - 1);
    MibCounter[] cs = MibCounter.values();
    for (int i = 0; i < cs.length; i++) {
      cc.add(cs[i].kernelName());
      cl.add(cs[i].kernelName());
      if (last != null && last[1 + i] != 0 && !NOT_CHARTED.contains(cs[i])) {
        charted.add(cs[i].kernelName());
      }
    }
    if (charted.isEmpty()) {
      charted.add(MibCounter.LISTEN_OVERFLOWS.kernelName());
      charted.add(MibCounter.LISTEN_DROPS.kernelName());
    }
    out.add(new SeriesTable("counters", "Kernel MIB counters (cumulative; InSegs/OutSegs in the CSV only)",
        time, "count", cc, cl, counters, Set.of(), charted));
    return out;
  }
}

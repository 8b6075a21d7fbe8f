package org.listensim.cli;

import java.util.ArrayList;
import java.util.List;
import org.listensim.scenarios.sweep.SweepOutputs;
import picocli.CommandLine.Option;

/** What a sweep summarises and charts: shared by {@code sweep} and {@code sweep-merge}. */
final class SummaryOptions {
  @Option(names = "--metric", paramLabel = "NAME",
      description = "a metric to summarise (repeatable; default: " + "accepted, timed_out, reset, ListenOverflows,"
          + " ListenDrops, connect_p99_ms); the first is charted unless --chart-metric says otherwise")
  List<String> metrics = new ArrayList<>();

  @Option(names = "--chart-x", paramLabel = "PATH",
      description = "the parameter on the chart's x axis (default: the first --param)")
  String chartX;

  @Option(names = "--chart-metric", paramLabel = "NAME",
      description = "the metric on the chart's y axis (default: the first metric)")
  String chartMetric;

  /** The metrics asked for, or the defaults; the charted one first; each checked. */
  List<String> metricsOrDefault() {
    List<String> ms = metrics.isEmpty() ? new ArrayList<>(SweepOutputs.DEFAULT_METRICS) : new ArrayList<>(metrics);
    if (chartMetric != null && !ms.contains(chartMetric)) {
      ms.add(0, chartMetric);
    }
    for (String m : ms) {
      String bad = SweepOutputs.checkMetric(m);
      if (bad != null) {
        throw new IllegalArgumentException("--metric: expected " + bad);
      }
    }
    return ms;
  }
}

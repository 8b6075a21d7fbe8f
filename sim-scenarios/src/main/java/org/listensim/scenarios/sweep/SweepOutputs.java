package org.listensim.scenarios.sweep;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.TDistribution;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.listensim.scenarios.series.Charts;
import org.listensim.scenarios.series.SeriesTable;

/**
 * A finished sweep's files: every run ({@value #RUNS_CSV}, {@value #RUNS_JSON}), a summary per grid
 * point with the mean, standard deviation and 95% confidence interval (Student's t) of the chosen
 * metrics ({@value #SUMMARY_CSV}, {@value #SUMMARY_JSON}), and a chart of one metric against one
 * parameter (PNG and SVG), one line per combination of the other parameters, with the intervals as
 * error bars. Rows are in sweep order (grid point, then seed), so the files depend only on the rows.
 */
public final class SweepOutputs {
  public static final String RUNS_CSV = "runs.csv";
  public static final String RUNS_JSON = "runs.json";
  public static final String SUMMARY_CSV = "summary.csv";
  public static final String SUMMARY_JSON = "summary.json";
  /** Metrics summarised when none are chosen. */
  public static final List<String> DEFAULT_METRICS =
      List.of("accepted", "timed_out", "reset", "ListenOverflows", "ListenDrops", "connect_p99_ms");

  private SweepOutputs() {}

  /** Mean, standard deviation and 95% confidence interval of one metric at one grid point. */
  public record Stat(long n, double mean, double stddev, double ciLow, double ciHigh) {
    static Stat of(double[] xs) {
      int n = xs.length;
      double sum = 0;
      for (double x : xs) {
        sum += x;
      }
      double mean = sum / n;
      if (n < 2) {
        return new Stat(n, mean, Double.NaN, Double.NaN, Double.NaN);
      }
      double ss = 0;
      for (double x : xs) {
        ss += (x - mean) * (x - mean);
      }
      double sd = Math.sqrt(ss / (n - 1));
      double half = new TDistribution(null, n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n);
      return new Stat(n, mean, sd, mean - half, mean + half);
    }
  }

  /** One grid point's summary. */
  public record PointSummary(int point, Map<String, String> params, long n, Map<String, Stat> stats) {}

  /** Summaries per grid point, in grid order. */
  public static List<PointSummary> summarize(List<SweepRow> rows, List<String> metrics) {
    Map<Integer, List<SweepRow>> byPoint = new java.util.TreeMap<>();
    for (SweepRow r : rows) {
      byPoint.computeIfAbsent(r.point(), k -> new ArrayList<>()).add(r);
    }
    List<PointSummary> out = new ArrayList<>();
    byPoint.forEach((point, rs) -> {
      Map<String, Stat> stats = new LinkedHashMap<>();
      for (String m : metrics) {
        double[] xs = rs.stream().mapToDouble(r -> r.metric(m)).toArray();
        stats.put(m, Stat.of(xs));
      }
      out.add(new PointSummary(point, rs.get(0).params(), rs.size(), stats));
    });
    return out;
  }

  /** Checks metric names; returns null or what is wrong. */
  public static String checkMetric(String m) {
    return SweepRow.METRICS.contains(m) ? null
        : "a metric: " + String.join(", ", SweepRow.METRICS) + "; found \"" + m + "\"";
  }

  /**
   * Writes the files into {@code dir}; returns them. {@code chartParam} (null: the first parameter) and
   * {@code chartMetric} (null: the first metric) choose the chart; no chart without parameters.
   */
  public static List<Path> write(Path dir, List<String> paramPaths, List<SweepRow> rows, List<String> metrics,
      String chartParam, String chartMetric) throws IOException {
    Files.createDirectories(dir);
    List<Path> files = new ArrayList<>();
    files.add(runsCsv(dir.resolve(RUNS_CSV), paramPaths, rows));
    files.add(runsJson(dir.resolve(RUNS_JSON), paramPaths, rows));
    List<PointSummary> summary = summarize(rows, metrics);
    files.add(summaryCsv(dir.resolve(SUMMARY_CSV), paramPaths, metrics, summary));
    files.add(summaryJson(dir.resolve(SUMMARY_JSON), paramPaths, metrics, summary));
    if (!paramPaths.isEmpty() && !rows.isEmpty()) {
      String x = chartParam == null ? paramPaths.get(0) : chartParam;
      String m = chartMetric == null ? metrics.get(0) : chartMetric;
      files.addAll(Charts.save(chart(paramPaths, summary, x, m), chartName(m, x), dir));
    }
    return files;
  }

  /** The chart's file stem: {@code chart-<metric>-vs-<param>}, with characters other than letters, digits, '.', '-', '_' as '_'. */
  public static String chartName(String metric, String param) {
    return ("chart-" + metric + "-vs-" + param).replaceAll("[^A-Za-z0-9._-]", "_");
  }

  static XYChart chart(List<String> paramPaths, List<PointSummary> summary, String x, String metric) {
    List<String> xValues = new ArrayList<>();
    for (PointSummary p : summary) {
      if (!xValues.contains(p.params().get(x))) {
        xValues.add(p.params().get(x));
      }
    }
    // Numbers with one shared unit (8, 64; 50/s, 100/s; 5s, 10s) are plotted by value, the unit in the title.
    java.util.regex.Pattern withUnit = java.util.regex.Pattern.compile("(-?[0-9]+(?:\\.[0-9]+)?)([A-Za-z/%]*)");
    java.util.Set<String> units = new java.util.HashSet<>();
    boolean numeric = true;
    for (String v : xValues) {
      java.util.regex.Matcher mu = withUnit.matcher(v);
      if (mu.matches()) {
        units.add(mu.group(2));
      } else {
        numeric = false;
      }
    }
    numeric &= units.size() == 1;
    String unit = numeric ? units.iterator().next() : "";
    Charts.headless();
    XYChart c = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
        .title(metric + " against " + x + " (mean and 95% CI over seeds)")
        .xAxisTitle(numeric ? (unit.isEmpty() ? x : x + " (" + unit + ")")
            : x + " (value index: " + String.join(", ", xValues) + ")")
        .yAxisTitle(metric + unit(metric)).build();
    Charts.style(c);
    Map<String, List<PointSummary>> lines = new LinkedHashMap<>();
    for (PointSummary p : summary) {
      StringBuilder label = new StringBuilder();
      for (String other : paramPaths) {
        if (!other.equals(x)) {
          label.append(label.length() == 0 ? "" : ", ").append(other).append('=').append(p.params().get(other));
        }
      }
      lines.computeIfAbsent(label.length() == 0 ? metric : label.toString(), k -> new ArrayList<>()).add(p);
    }
    int[] colour = {0};
    boolean isNumeric = numeric;
    lines.forEach((label, ps) -> {
      double[] xs = new double[ps.size()];
      double[] ys = new double[ps.size()];
      double[] err = new double[ps.size()];
      for (int i = 0; i < xs.length; i++) {
        String v = ps.get(i).params().get(x);
        xs[i] = isNumeric ? Double.parseDouble(v.substring(0, v.length() - unit.length())) : xValues.indexOf(v);
        Stat s = ps.get(i).stats().get(metric);
        ys[i] = s.mean();
        err[i] = Double.isNaN(s.ciHigh()) ? 0 : s.ciHigh() - s.mean();
      }
      XYSeries s = c.addSeries(label, xs, ys, err);
      s.setMarker(SeriesMarkers.CIRCLE);
      java.awt.Color col = Charts.PALETTE.get(colour[0]++ % Charts.PALETTE.size());
      s.setLineColor(col);
      s.setMarkerColor(col);
    });
    return c;
  }

  private static String unit(String metric) {
    return metric.endsWith("_ms") ? " (ms)" : " (count per run)";
  }

  private static Path runsCsv(Path f, List<String> paramPaths, List<SweepRow> rows) throws IOException {
    try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
      List<String> header = new ArrayList<>(List.of("position", "point"));
      header.addAll(paramPaths);
      header.add("seed");
      header.addAll(SweepRow.METRICS);
      header.add("digest");
      w.write(csvLine(header));
      for (SweepRow r : rows) {
        List<String> cells = new ArrayList<>(List.of(Integer.toString(r.position()), Integer.toString(r.point())));
        for (String p : paramPaths) {
          cells.add(r.params().get(p));
        }
        cells.add(Long.toString(r.seed()));
        for (String m : SweepRow.METRICS) {
          cells.add(SeriesTable.number(r.metrics().getOrDefault(m, Double.NaN)));
        }
        cells.add(r.digest());
        w.write(csvLine(cells));
      }
    }
    return f;
  }

  private static Path runsJson(Path f, List<String> paramPaths, List<SweepRow> rows) throws IOException {
    ObjectNode o = SweepRow.JSON.createObjectNode();
    o.put("formatVersion", 1);
    paramPaths.forEach(o.putArray("params")::add);
    SweepRow.METRICS.forEach(o.putArray("metrics")::add);
    ArrayNode runs = o.putArray("runs");
    rows.forEach(r -> runs.add(r.toJson()));
    SweepRow.JSON.writerWithDefaultPrettyPrinter().writeValue(f.toFile(), o);
    return f;
  }

  private static Path summaryCsv(Path f, List<String> paramPaths, List<String> metrics, List<PointSummary> summary)
      throws IOException {
    try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
      List<String> header = new ArrayList<>(List.of("point"));
      header.addAll(paramPaths);
      header.add("n");
      for (String m : metrics) {
        header.addAll(List.of(m + "_mean", m + "_stddev", m + "_ci95_low", m + "_ci95_high"));
      }
      w.write(csvLine(header));
      for (PointSummary p : summary) {
        List<String> cells = new ArrayList<>(List.of(Integer.toString(p.point())));
        for (String path : paramPaths) {
          cells.add(p.params().get(path));
        }
        cells.add(Long.toString(p.n()));
        for (String m : metrics) {
          Stat s = p.stats().get(m);
          cells.addAll(List.of(SeriesTable.number(s.mean()), SeriesTable.number(s.stddev()),
              SeriesTable.number(s.ciLow()), SeriesTable.number(s.ciHigh())));
        }
        w.write(csvLine(cells));
      }
    }
    return f;
  }

  private static Path summaryJson(Path f, List<String> paramPaths, List<String> metrics, List<PointSummary> summary)
      throws IOException {
    ObjectNode o = SweepRow.JSON.createObjectNode();
    o.put("formatVersion", 1);
    paramPaths.forEach(o.putArray("params")::add);
    metrics.forEach(o.putArray("metrics")::add);
    o.put("confidence", 0.95);
    ArrayNode points = o.putArray("points");
    for (PointSummary p : summary) {
      ObjectNode po = points.addObject();
      po.put("point", p.point());
      ObjectNode pp = po.putObject("params");
      p.params().forEach(pp::put);
      po.put("n", p.n());
      ObjectNode ms = po.putObject("metrics");
      p.stats().forEach((m, s) -> {
        ObjectNode so = ms.putObject(m);
        num(so, "mean", s.mean());
        num(so, "stddev", s.stddev());
        num(so, "ci95Low", s.ciLow());
        num(so, "ci95High", s.ciHigh());
      });
    }
    SweepRow.JSON.writerWithDefaultPrettyPrinter().writeValue(f.toFile(), o);
    return f;
  }

  private static void num(ObjectNode o, String k, double v) {
    if (Double.isNaN(v)) {
      o.putNull(k);
    } else {
      o.put(k, v);
    }
  }

  static String csvLine(List<String> cells) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i) == null ? "" : cells.get(i);
      if (i > 0) {
        b.append(',');
      }
      if (c.contains(",") || c.contains("\"") || c.contains("\n")) {
        b.append('"').append(c.replace("\"", "\"\"")).append('"');
      } else {
        b.append(c);
      }
    }
    return b.append('\n').toString();
  }
}

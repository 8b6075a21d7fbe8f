package org.listensim.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.listensim.scenarios.RunObserver;
import org.listensim.scenarios.Units;
import org.listensim.scenarios.capture.PcapCapture;
import org.listensim.scenarios.series.Charts;
import org.listensim.scenarios.series.SeriesRecorder;
import org.listensim.scenarios.series.SeriesTable;
import picocli.CommandLine.Option;

/** {@code run}'s file outputs: the capture, the charts, the CSV series. */
final class RunOutputs {
  /** Samples a run may take: each holds every counter, and a chart of more points shows nothing more. */
  static final long MAX_SAMPLES = 1_000_000;

  @Option(names = "--pcap", paramLabel = "FILE",
      description = "write every segment on the server's interface (inbound and outbound) as a pcap file")
  Path pcap;

  @Option(names = "--plots", paramLabel = "DIR",
      description = "write PNG and SVG charts (queues, outcomes, connect-latency CDF, counters) into DIR")
  Path plots;

  @Option(names = "--csv", paramLabel = "DIR", description = "write the charts' series as CSV files into DIR")
  Path csv;

  @Option(names = "--sample-interval", paramLabel = "T",
      description = "sample the series every T of simulated time (e.g. 10ms); default: a thousandth of the run, at least 1ms")
  String sampleInterval;

  private PcapCapture capture;
  private OutputStream pcapOut;
  private SeriesRecorder series;

  /** Opens what the options ask for; returns null, or a message for the user (bad input). */
  String open(long endNanos) {
    if (sampleInterval != null && plots == null && csv == null) {
      return "--sample-interval: only with --plots or --csv";
    }
    if (plots != null || csv != null) {
      long interval = SeriesRecorder.defaultInterval(endNanos);
      if (sampleInterval != null) {
        try {
          interval = Units.duration(sampleInterval);
        } catch (IllegalArgumentException e) {
          return "--sample-interval: expected " + e.getMessage() + ", found \"" + sampleInterval + "\"";
        }
        if (interval <= 0) {
          return "--sample-interval: expected a duration greater than 0, found \"" + sampleInterval + "\"";
        }
      }
      long samples = endNanos / interval + 2;
      if (samples > MAX_SAMPLES) {
        return "--sample-interval: expected at most " + MAX_SAMPLES + " samples per run, found " + samples
            + " (a run of " + endNanos / 1_000_000 + " ms every " + sampleInterval
            + "); choose a longer interval";
      }
      series = new SeriesRecorder(interval);
      for (Path d : new Path[] {plots, csv}) {
        if (d != null) {
          try {
            Files.createDirectories(d);
          } catch (IOException e) {
            return (d == plots ? "--plots" : "--csv") + ": cannot create " + d + " (" + e.getMessage() + ")";
          }
        }
      }
    }
    if (pcap != null) {
      try {
        pcapOut = new BufferedOutputStream(Files.newOutputStream(pcap), 1 << 16);
        capture = new PcapCapture(pcapOut);
      } catch (IOException e) {
        return "--pcap: cannot write " + pcap + " (" + e.getMessage() + ")";
      }
    }
    return null;
  }

  /** The observer for the run, or null when no output needs one. */
  RunObserver observer() {
    if (capture != null && series != null) {
      return RunObserver.all(capture, series);
    }
    return capture != null ? capture : series;
  }

  void closeCapture() throws IOException {
    if (capture != null) {
      capture.close();
    }
  }

  /** Writes the charts and CSV files; returns lines saying what was written. */
  List<String> write() throws IOException {
    List<String> lines = new ArrayList<>();
    if (capture != null) {
      lines.add("Capture written to " + pcap + " (" + capture.packets() + " packets)");
    }
    if (series == null) {
      return lines;
    }
    List<SeriesTable> tables = series.tables();
    if (plots != null) {
      int n = 0;
      for (SeriesTable t : tables) {
        n += Charts.save(t, plots).size();
      }
      lines.add("Charts written to " + plots + " (" + n + " files)");
    }
    if (csv != null) {
      for (SeriesTable t : tables) {
        t.writeCsv(csv);
      }
      lines.add("Series written to " + csv + " (" + tables.size() + " CSV files)");
    }
    return lines;
  }
}

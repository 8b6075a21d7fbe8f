package org.listensim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.listensim.scenarios.RunOptions;
import org.listensim.scenarios.RunResult;
import org.listensim.scenarios.Scenario;
import org.listensim.scenarios.ScenarioException;
import org.listensim.scenarios.ScenarioRunException;
import org.listensim.scenarios.ScenarioRunner;
import org.listensim.scenarios.TraceHeader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code listensim replay TRACE}: re-runs the scenario recorded in a trace's header (scenario text,
 * seed, end time) and compares the new trace with the file record by record. Prints either that every
 * record matches (with the digest) or the first record that differs, recorded and replayed side by side.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Re-runs the scenario recorded in a trace written by 'listensim run --trace FILE' (its first"
        + " line holds the scenario, seed and end time) and reports whether every record matches, or the"
        + " first record that differs, side by side.",
    footer = {"", "Exit codes: 0 every record matches, 3 the replay differs, 2 bad input, 1 internal error."})
final class ReplayCommand implements Callable<Integer> {
  /** Exit code when the replay differs from the trace. */
  static final int DIFFERS = 3;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TRACE", description = "a JSON Lines trace written by listensim run --trace")
  Path trace;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isRegularFile(trace)) {
      return badInput(err, trace + ": expected a trace file, found no such file");
    }
    try (BufferedReader recorded = Files.newBufferedReader(trace, StandardCharsets.UTF_8)) {
      String first = recorded.readLine();
      TraceHeader header;
      try {
        header = TraceHeader.parse(first == null ? "" : first);
      } catch (IllegalArgumentException e) {
        return badInput(err, trace + ":1: expected " + e.getMessage());
      }
      Scenario s;
      try {
        s = header.scenario();
      } catch (ScenarioException e) {
        err.println("listensim: " + trace + ":1: the scenario in the header is not valid here:");
        ValidateCommand.printErrors(err, e.errors());
        err.flush();
        return Main.BAD_INPUT;
      }
      if (!header.version().equals(Main.version())) {
        err.println("listensim: note: the trace was written by listensim " + header.version()
            + ", this is " + Main.version() + "; a model change between them can change the trace");
        err.flush();
      }
      Comparing cmp = new Comparing(recorded);
      RunResult r;
      try {
        r = ScenarioRunner.run(s, new RunOptions(null, null, cmp, null));
      } catch (ScenarioRunException e) {
        return badInput(err, s.name() + ": " + e.getMessage());
      }
      cmp.finish();
      String what = "scenario " + s.name() + " (" + header.file() + "), seed " + header.seed() + ", until "
          + org.listensim.core.SimTime.format(header.untilNanos());
      if (cmp.firstDifference == null) {
        out.println("replay: every record matches: " + cmp.compared + " records; " + what);
        out.println("digest " + r.digest());
        out.flush();
        return Main.OK;
      }
      out.println("replay: DIFFERS: " + what);
      long record = cmp.firstDifferenceLine - 1;
      out.println("first difference: record " + record + " (line " + cmp.firstDifferenceLine + " of " + trace + ")");
      sideBySide(out, cmp.firstDifference[0], cmp.firstDifference[1]);
      out.println("replayed digest " + r.digest() + " (" + r.traceRecords() + " records)");
      out.flush();
      return DIFFERS;
    }
  }

  /** Field by field: name, recorded value, replayed value; '!' marks fields that differ. */
  static void sideBySide(PrintWriter out, String recorded, String replayed) {
    out.println("  recorded: " + (recorded == null ? "(end of trace)" : recorded));
    out.println("  replayed: " + (replayed == null ? "(end of replay)" : replayed));
    JsonNode a = tree(recorded);
    JsonNode b = tree(replayed);
    if (a == null || b == null) {
      return;
    }
    Set<String> names = new LinkedHashSet<>();
    a.fieldNames().forEachRemaining(names::add);
    b.fieldNames().forEachRemaining(names::add);
    List<String[]> rows = new ArrayList<>();
    int w0 = "field".length();
    int w1 = "recorded".length();
    for (String n : names) {
      String x = a.has(n) ? a.get(n).toString() : "-";
      String y = b.has(n) ? b.get(n).toString() : "-";
      rows.add(new String[] {n, x, y, x.equals(y) ? " " : "!"});
      w0 = Math.max(w0, n.length());
      w1 = Math.max(w1, x.length());
    }
    String fmt = "  %s %-" + w0 + "s  %-" + w1 + "s  %s%n";
    out.printf(fmt, " ", "field", "recorded", "replayed");
    for (String[] row : rows) {
      out.printf(fmt, row[3], row[0], row[1], row[2]);
    }
  }

  private static JsonNode tree(String line) {
    if (line == null) {
      return null;
    }
    try {
      JsonNode n = MAPPER.readTree(line);
      return n != null && n.isObject() ? n : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static int badInput(PrintWriter err, String message) {
    err.println("listensim: " + message);
    err.flush();
    return Main.BAD_INPUT;
  }

  /**
   * The replay's JSON Lines, compared line by line with the recorded file as they are written (no copy
   * of either trace is kept); remembers the first pair that differs.
   */
  static final class Comparing extends OutputStream {
    private final Iterator<String> recorded;
    private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    long compared;
    /** Line number in the file (the header is line 1) of the first difference. */
    long firstDifferenceLine;
    String[] firstDifference;

    Comparing(BufferedReader recorded) {
      this.recorded = recorded.lines().iterator();
    }

    @Override
    public void write(int b) {
      if (b == '\n') {
        lineDone();
      } else {
        bytes.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      for (int i = off; i < off + len; i++) {
        write(b[i]);
      }
    }

    private void lineDone() {
      String replayed = bytes.toString(StandardCharsets.UTF_8);
      bytes.reset();
      if (firstDifference != null) {
        return;
      }
      String rec;
      try {
        rec = recorded.hasNext() ? recorded.next() : null;
      } catch (UncheckedIOException e) {
        rec = null;
      }
      if (replayed.isEmpty() && rec == null) {
        return; // the final newline of an empty trace
      }
      if (!replayed.equals(rec)) {
        firstDifference = new String[] {rec, replayed};
        firstDifferenceLine = compared + 2;
        return;
      }
      if (!replayed.isEmpty()) {
        compared++;
      }
    }

    /** After the run: a recorded trace longer than the replay differs at its first extra line. */
    void finish() {
      if (bytes.size() > 0) {
        lineDone();
      }
      if (firstDifference == null) {
        while (recorded.hasNext()) {
          String rec = recorded.next();
          if (!rec.isEmpty()) {
            firstDifference = new String[] {rec, null};
            firstDifferenceLine = compared + 2;
            return;
          }
        }
      }
    }
  }
}

package org.listensim.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.listensim.scenarios.RunOptions;
import org.listensim.scenarios.RunResult;
import org.listensim.scenarios.Scenario;
import org.listensim.scenarios.ScenarioException;
import org.listensim.scenarios.ScenarioRunException;
import org.listensim.scenarios.ScenarioRunner;
import org.listensim.scenarios.TraceHeader;
import org.listensim.scenarios.Units;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.listensim.scenarios.packetdrill.PacketdrillRunner;
import org.listensim.scenarios.packetdrill.RunReport;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code listensim run FILE|NAME}: runs a scenario and prints what an operator would read. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Runs a scenario file or a bundled scenario and prints the listener (ss -lnt), the"
        + " counters (netstat -s), client outcomes, latency percentiles and the trace digest.",
    footer = {"", "Exit codes: 0 success, 2 bad input, 1 internal error."})
final class RunCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE|NAME", description = "a scenario file, or a bundled scenario name (listensim list)")
  String scenario;

  @Option(names = "--seed", paramLabel = "N", description = "use this seed instead of the scenario's")
  Long seed;

  @Option(names = "--json", description = "write one JSON document (docs/output-format.md) instead of the summary")
  boolean json;

  @Option(names = "--trace", paramLabel = "FILE", description = "write the event trace as JSON Lines to FILE")
  Path trace;

  @Option(names = "--until", paramLabel = "T", description = "stop at simulated time T (e.g. 5s) instead of the scenario's duration")
  String until;

  @CommandLine.Mixin RunOutputs outputs = new RunOutputs();

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Scenario s;
    try {
      s = ScenarioSource.load(scenario);
    } catch (ScenarioException e) {
      ValidateCommand.printErrors(err, e.errors());
      err.flush();
      return Main.BAD_INPUT;
    }
    if (s.script() != null) {
      return runScript(s, out, err);
    }
    Long untilNanos = null;
    if (until != null) {
      try {
        untilNanos = Units.duration(until);
      } catch (IllegalArgumentException e) {
        return badInput(err, "--until: expected " + e.getMessage() + ", found \"" + until + "\"");
      }
      if (untilNanos <= 0) {
        return badInput(err, "--until: expected a duration greater than 0, found \"" + until + "\"");
      }
    }
    OutputStream traceOut = null;
    if (trace != null) {
      try {
        traceOut = new BufferedOutputStream(Files.newOutputStream(trace), 1 << 16);
      } catch (IOException e) {
        return badInput(err, "--trace: cannot write " + trace + " (" + e.getMessage() + ")");
      }
    }
    String bad = outputs.open(untilNanos != null ? untilNanos : s.durationNanos());
    if (bad != null) {
      if (traceOut != null) {
        traceOut.close();
      }
      return badInput(err, bad);
    }
    Progress progress = new Progress(s.name());
    RunResult r;
    try {
      TraceHeader header = traceOut == null ? null
          : new TraceHeader(Main.version(), scenario, 0, 0, ScenarioSource.text(scenario));
      r = ScenarioRunner.run(s, new RunOptions(seed, untilNanos, traceOut,
          Terminal.stderrIsTerminal() ? progress : null, outputs.observer(), header));
    } catch (ScenarioRunException e) {
      return badInput(err, s.name() + ": " + e.getMessage());
    } finally {
      progress.close();
      if (traceOut != null) {
        traceOut.close();
      }
      outputs.closeCapture();
    }
    List<String> written = outputs.write();
    if (json) {
      out.println(JsonOutput.write(r));
    } else {
      TextSummary.write(r, out);
      if (trace != null) {
        out.println("Trace written to " + trace);
      }
      for (String w : written) {
        out.println(w);
      }
    }
    out.flush();
    return Main.OK;
  }

  /**
   * A scenario with {@code script:} is a packetdrill run with the scenario's HZ, seed, sysctls and pins:
   * the same report, JSON and exit codes as {@code listensim pkt}.
   */
  private int runScript(Scenario s, PrintWriter out, PrintWriter err) throws IOException {
    if (trace != null || until != null || outputs.pcap != null || outputs.plots != null || outputs.csv != null) {
      return badInput(err, s.name() + ": --trace, --until, --pcap, --plots and --csv are for workload scenarios;"
          + " a scripted scenario runs exactly its script");
    }
    PacketdrillRunner.Options o = PacketdrillRunner.Options.forScenario(s);
    if (seed != null) {
      o = o.withSeed(seed);
    }
    RunReport r = PacketdrillRunner.run(s.name(), s.script(), o);
    if (json) {
      ObjectMapper mapper = JsonOutput.MAPPER;
      ObjectNode doc = mapper.createObjectNode();
      doc.put("scenario", s.name());
      doc.put("seed", seed != null ? seed : s.seed());
      doc.put("hz", s.hz());
      PktCommand.toJson(r, doc);
      out.println(mapper.writeValueAsString(doc));
    } else {
      (r.passed() ? out : err).println(r.render());
    }
    out.flush();
    err.flush();
    return PktCommand.exitCode(r);
  }

  private static int badInput(PrintWriter err, String message) {
    err.println("listensim: " + message);
    err.flush();
    return Main.BAD_INPUT;
  }

  /**
   * A progress bar on stderr, created only once a run has taken about a second of wall time (and only
   * when stderr is a terminal: the runner gets no progress listener otherwise). Wall time is read
   * here, between chunks of the run, never inside it.
   */
  private static final class Progress implements RunOptions.Progress {
    private final String name;
    private final long started = System.nanoTime();
    private ProgressBar bar;

    Progress(String name) {
      this.name = name;
    }

    @Override
    public void at(long nowNanos, long endNanos) {
      if (bar == null) {
        if (System.nanoTime() - started < 1_000_000_000L) {
          return;
        }
        bar = new ProgressBarBuilder()
            .setTaskName(name)
            .setInitialMax(endNanos / 1_000_000L)
            .setUnit(" ms", 1)
            .setStyle(ProgressBarStyle.ASCII)
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
            .build();
      }
      bar.stepTo(nowNanos / 1_000_000L);
    }

    void close() {
      if (bar != null) {
        bar.close();
      }
    }
  }
}

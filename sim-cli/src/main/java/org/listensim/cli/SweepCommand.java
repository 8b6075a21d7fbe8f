package org.listensim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.listensim.scenarios.BundledScenarios;
import org.listensim.scenarios.ScenarioException;
import org.listensim.scenarios.ScenarioPatch;
import org.listensim.scenarios.Units;
import org.listensim.scenarios.sweep.Shard;
import org.listensim.scenarios.sweep.SweepException;
import org.listensim.scenarios.sweep.SweepOutputs;
import org.listensim.scenarios.sweep.SweepParam;
import org.listensim.scenarios.sweep.SweepRow;
import org.listensim.scenarios.sweep.SweepRunner;
import org.listensim.scenarios.sweep.SweepSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code listensim sweep FILE|NAME --param PATH=V1,V2 ... --seeds N}: a grid × seeds, in parallel. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {"Runs a scenario over a grid of field values x seeds 1..N, in parallel on all cores"
        + " (each run single-threaded and deterministic: the rows do not depend on the thread count).",
        "Each finished run is appended at once to DIR/runs.jsonl; run the same command again to resume an"
        + " interrupted sweep (finished runs are skipped). When every run is done: DIR/runs.csv,"
        + " runs.json, summary.csv, summary.json (mean, stddev, 95% CI per grid point) and a chart."},
    footer = {"", "Example: listensim sweep syn-flood --param server.listen.backlog=1,8,64,128"
        + " --param sysctl.net.ipv4.tcp_syncookies=0,1 --seeds 10 --out flood-sweep",
        "Exit codes: 0 success, 2 bad input, 1 internal error."})
final class SweepCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE|NAME", description = "a scenario file, or a bundled scenario name")
  String scenario;

  @Option(names = "--param", paramLabel = "PATH=V1,V2,...",
      description = "a swept field and its values, e.g. server.listen.backlog=1,8,64 or"
          + " sysctl.net.ipv4.tcp_syncookies=0,1 or clients[0].rate=100/s,200/s (repeatable; the grid is"
          + " their product, the first varying slowest)")
  List<String> params = new ArrayList<>();

  @Option(names = "--seeds", paramLabel = "N", defaultValue = "1", description = "seeds 1..N for every grid point (default 1)")
  int seeds;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "sweep-out", description = "output directory (default sweep-out)")
  Path out;

  @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: all cores)")
  Integer threads;

  @Option(names = "--shard", paramLabel = "i/N", description = "run only shard i of N (1-based; for a job array); join with sweep-merge")
  String shard;

  @Option(names = "--until", paramLabel = "T", description = "end every run at simulated time T instead of the scenario's duration")
  String until;

  @CommandLine.Mixin SummaryOptions summary = new SummaryOptions();

  @Override
  public Integer call() throws IOException {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SweepSpec sweep;
    Shard sh;
    List<String> ms;
    try {
      ScenarioPatch.Source src = source(scenario);
      List<SweepParam> ps = new ArrayList<>();
      for (String p : params) {
        ps.add(SweepParam.parse(p));
      }
      Long untilNanos = until == null ? null : Units.duration(until);
      if (untilNanos != null && untilNanos <= 0) {
        throw new IllegalArgumentException("--until: expected a duration greater than 0, found \"" + until + "\"");
      }
      sweep = new SweepSpec(src, ps, seeds, untilNanos);
      sh = shard == null ? Shard.ALL : Shard.parse(shard);
      ms = summary.metricsOrDefault();
      if (summary.chartX != null && ps.stream().noneMatch(p -> p.path().equals(summary.chartX))) {
        throw new IllegalArgumentException("--chart-x: expected one of the --param paths, found \"" + summary.chartX + "\"");
      }
      if (threads != null && threads < 1) {
        throw new IllegalArgumentException("--threads: expected at least 1, found " + threads);
      }
    } catch (IllegalArgumentException e) {
      return bad(err, e.getMessage());
    } catch (ScenarioException e) {
      ValidateCommand.printErrors(err, e.errors());
      err.flush();
      return Main.BAD_INPUT;
    }
    int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    Bar bar = new Bar(Terminal.stderrIsTerminal());
    // Ctrl-C or a kill: every finished run is already in runs.jsonl; say how to go on.
    Thread hook = new Thread(() -> System.err.println("\nlistensim: sweep interrupted: " + bar.done + " of "
        + bar.total + " runs are in " + out.resolve(SweepRunner.RUNS) + "; run the same command again to resume"));
    Runtime.getRuntime().addShutdownHook(hook);
    SweepRunner.Result r;
    try {
      r = SweepRunner.run(sweep, sh, out, n, bar, () -> false);
    } catch (ScenarioException e) {
      ValidateCommand.printErrors(err, e.errors());
      err.flush();
      return Main.BAD_INPUT;
    } catch (SweepException e) {
      return bad(err, e.getMessage());
    } finally {
      bar.close();
      Runtime.getRuntime().removeShutdownHook(hook);
    }
    List<String> paths = sweep.params().stream().map(SweepParam::path).toList();
    List<Path> files = SweepOutputs.write(out, paths, r.rows(), ms, summary.chartX, summary.chartMetric);
    o.println("Sweep " + sweep.source().defaultName() + (sh.equals(Shard.ALL) ? "" : " shard " + sh) + ": "
        + r.rows().size() + " runs (" + r.ran() + " run now, " + r.skipped() + " already done) in " + out);
    for (Path f : files) {
      o.println("  " + f);
    }
    o.flush();
    return Main.OK;
  }



  static ScenarioPatch.Source source(String arg) throws ScenarioException, IOException {
    Path p = Path.of(arg);
    if (!Files.exists(p) && BundledScenarios.exists(arg)) {
      return ScenarioPatch.Source.bundled(arg);
    }
    ScenarioSource.load(arg); // the same errors as run for a missing or invalid file
    return ScenarioPatch.Source.of(p);
  }

  private static int bad(PrintWriter err, String message) {
    err.println("listensim: " + message);
    err.flush();
    return Main.BAD_INPUT;
  }

  /** A progress bar over runs, with an ETA, on a terminal only; wall time is read for the display only. */
  private static final class Bar implements SweepRunner.Listener {
    private final boolean terminal;
    private ProgressBar bar;
    volatile int done;
    volatile int total;

    Bar(boolean terminal) {
      this.terminal = terminal;
    }

    @Override
    public void started(int alreadyDone, int total) {
      this.done = alreadyDone;
      this.total = total;
      if (terminal) {
        bar = new ProgressBarBuilder().setTaskName("sweep").setInitialMax(total).setUnit(" runs", 1)
            .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
            .startsFrom(alreadyDone, Duration.ZERO).build();
      }
    }

    @Override
    public void finished(SweepRow row, int done, int total) {
      this.done = done;
      if (bar != null) {
        bar.stepTo(done);
      }
    }

    void close() {
      if (bar != null) {
        bar.close();
      }
    }
  }
}

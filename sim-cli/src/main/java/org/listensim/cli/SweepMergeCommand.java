package org.listensim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.listensim.scenarios.sweep.SweepException;
import org.listensim.scenarios.sweep.SweepMerge;
import org.listensim.scenarios.sweep.SweepOutputs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code listensim sweep-merge --out DIR SHARD_DIR...}: joins the shards of one sweep. */
@Command(name = "sweep-merge", mixinStandardHelpOptions = true,
    description = "Joins the directories of a sweep's shards (sweep --shard i/N) into one directory with the"
        + " files the unsharded sweep writes (runs.jsonl, runs.csv, runs.json, summary.csv, summary.json, chart).",
    footer = {"", "Example: listensim sweep-merge --out flood-sweep shard-1 shard-2 shard-3",
        "Exit codes: 0 success, 2 bad input, 1 internal error."})
final class SweepMergeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "SHARD_DIR", arity = "1..*", description = "the shards' --out directories, all N of them")
  List<Path> shards = new ArrayList<>();

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "the merged sweep's directory")
  Path out;

  @CommandLine.Mixin SummaryOptions summary = new SummaryOptions();

  @Override
  public Integer call() throws IOException {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> ms;
    SweepMerge.Merged m;
    try {
      ms = summary.metricsOrDefault();
      m = SweepMerge.merge(shards, out);
      if (summary.chartX != null && !m.params().contains(summary.chartX)) {
        throw new IllegalArgumentException("--chart-x: expected one of " + m.params() + ", found \"" + summary.chartX + "\"");
      }
    } catch (IllegalArgumentException | SweepException e) {
      err.println("listensim: " + e.getMessage());
      err.flush();
      return Main.BAD_INPUT;
    }
    List<Path> files = SweepOutputs.write(out, m.params(), m.rows(), ms, summary.chartX, summary.chartMetric);
    o.println("Merged " + shards.size() + " shards: " + m.rows().size() + " runs in " + out);
    for (Path f : files) {
      o.println("  " + f);
    }
    o.flush();
    return Main.OK;
  }
}

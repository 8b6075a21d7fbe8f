package org.listensim.scenarios.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.listensim.scenarios.RunOptions;
import org.listensim.scenarios.RunResult;
import org.listensim.scenarios.Scenario;
import org.listensim.scenarios.ScenarioError;
import org.listensim.scenarios.ScenarioException;
import org.listensim.scenarios.ScenarioPatch;
import org.listensim.scenarios.ScenarioRunException;
import org.listensim.scenarios.ScenarioRunner;

/**
 * Runs a sweep (or one shard of it) into a directory, on a fixed pool of threads. Each run is
 * single-threaded and deterministic, so the rows do not depend on the thread count. Every finished
 * run is appended at once, as one JSON line with its key, to {@value #RUNS}; started again with the
 * same arguments, the runner reads that file, skips the runs it holds and runs only the others, so an
 * interrupted sweep neither loses nor repeats a run. {@value #MANIFEST} records what the directory
 * holds, so a directory is never resumed with other arguments.
 */
public final class SweepRunner {
  /** The append-only results file: one JSON row per finished run, in the order runs finished. */
  public static final String RUNS = "runs.jsonl";
  /** What the directory holds: scenario digest, parameters, seeds, end time, shard. */
  public static final String MANIFEST = "sweep.json";

  private SweepRunner() {}

  /** Told as runs finish (from the worker threads, one call at a time). */
  public interface Listener {
    Listener NONE = new Listener() {};

    /** Before any run: how many of the shard's runs were already done, of how many. */
    default void started(int alreadyDone, int total) {}

    default void finished(SweepRow row, int done, int total) {}
  }

  /**
   * The rows of the shard's finished runs, in sweep order; {@code complete} when every run of the
   * shard is among them.
   */
  public record Result(List<SweepRow> rows, int ran, int skipped, boolean complete) {}

  /**
   * Runs the shard's runs that {@code dir} does not hold yet. {@code stop} is asked before each run
   * starts; once it says true no further run starts (those running finish and are written).
   */
  public static Result run(SweepSpec spec, Shard shard, Path dir, int threads, Listener listener,
      BooleanSupplier stop) throws IOException, ScenarioException, SweepException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
    List<Map<String, String>> points = spec.points();
    List<Scenario> scenarios = scenarios(spec, points);
    Files.createDirectories(dir);
    checkManifest(spec, shard, dir);
    List<SweepSpec.Run> runs = spec.runs(shard);
    Map<String, SweepSpec.Run> byKey = new LinkedHashMap<>();
    for (SweepSpec.Run r : runs) {
      byKey.put(spec.key(r), r);
    }
    Path file = dir.resolve(RUNS);
    Map<String, SweepRow> done = readRows(file);
    for (String k : done.keySet()) {
      if (!byKey.containsKey(k)) {
        throw new SweepException(file + " holds a run this sweep does not have (" + k + ")");
      }
    }
    List<SweepSpec.Run> todo = runs.stream().filter(r -> !done.containsKey(spec.key(r))).toList();
    listener.started(done.size(), runs.size());

    Map<String, SweepRow> rows = new java.util.concurrent.ConcurrentHashMap<>(done);
    AtomicInteger count = new AtomicInteger(done.size());
    AtomicInteger ran = new AtomicInteger();
    AtomicBoolean failed = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "sweep-run");
      t.setDaemon(true);
      return t;
    });
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND)) {
      List<Future<?>> futures = new ArrayList<>();
      for (SweepSpec.Run r : todo) {
        futures.add(pool.submit(() -> {
          if (failed.get() || stop.getAsBoolean()) {
            return null;
          }
          Scenario s = scenarios.get(r.point()).withSeed(r.seed());
          RunResult result;
          try {
            result = ScenarioRunner.run(s, new RunOptions(r.seed(), spec.untilNanos(), null, null));
          } catch (RuntimeException e) {
            failed.set(true);
            throw e;
          }
          SweepRow row = SweepRow.of(r, points.get(r.point()), result);
          synchronized (out) {
            try {
              out.write(row.toJsonLine());
              out.write('\n');
              out.flush();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            rows.put(row.key(), row);
            ran.incrementAndGet();
            listener.finished(row, count.incrementAndGet(), runs.size());
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof ScenarioRunException sre) {
            throw new SweepException("a run failed: " + sre.getMessage());
          }
          if (c instanceof UncheckedIOException io) {
            throw io.getCause();
          }
          if (c instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException(c);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    List<SweepRow> sorted = new ArrayList<>(rows.values());
    sorted.sort(Comparator.comparingInt(SweepRow::position));
    return new Result(sorted, ran.get(), done.size(), sorted.size() == runs.size());
  }

  /** Every grid point's scenario, validated before anything runs. */
  static List<Scenario> scenarios(SweepSpec spec, List<Map<String, String>> points) throws ScenarioException {
    List<Scenario> out = new ArrayList<>();
    for (Map<String, String> p : points) {
      try {
        out.add(ScenarioPatch.load(spec.source(), p));
      } catch (ScenarioException e) {
        List<ScenarioError> errors = new ArrayList<>();
        for (ScenarioError x : e.errors()) {
          String hint = x.hint().isEmpty() ? "grid point " + p : x.hint() + "; grid point " + p;
          errors.add(new ScenarioError(x.file(), x.line(), x.column(), x.path(), x.expected(), x.found(), hint));
        }
        throw new ScenarioException(errors);
      }
    }
    return out;
  }

  /**
   * The rows of a results file by key. A last line without its newline (a run cut off while it was
   * being written) is not a row: it is cut from the file, and that run runs again.
   */
  public static Map<String, SweepRow> readRows(Path file) throws IOException, SweepException {
    Map<String, SweepRow> out = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return out;
    }
    byte[] bytes = Files.readAllBytes(file);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    if (end < bytes.length) {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(end);
      }
    }
    String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
    int lineNo = 0;
    for (String line : text.split("\n")) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      SweepRow row;
      try {
        row = SweepRow.parse(line);
      } catch (IllegalArgumentException e) {
        throw new SweepException(file + ":" + lineNo + ": not a sweep row (" + e.getMessage() + ")");
      }
      out.putIfAbsent(row.key(), row);
    }
    return out;
  }

  /** The manifest's identity: what must be equal for a directory to be resumed or merged. */
  static ObjectNode manifest(SweepSpec spec, Shard shard) {
    ObjectNode m = SweepRow.JSON.createObjectNode();
    m.put("formatVersion", 1);
    m.put("scenario", spec.source().file());
    m.put("scenarioSha256", spec.scenarioSha256());
    ArrayNode ps = m.putArray("params");
    for (SweepParam p : spec.params()) {
      ObjectNode o = ps.addObject();
      o.put("path", p.path());
      ArrayNode vs = o.putArray("values");
      p.values().forEach(vs::add);
    }
    m.put("seeds", spec.seeds());
    if (spec.untilNanos() == null) {
      m.putNull("untilNanos");
    } else {
      m.put("untilNanos", spec.untilNanos());
    }
    m.put("shard", shard.toString());
    return m;
  }

  private static void checkManifest(SweepSpec spec, Shard shard, Path dir) throws IOException, SweepException {
    Path f = dir.resolve(MANIFEST);
    ObjectNode want = manifest(spec, shard);
    if (Files.exists(f)) {
      JsonNode have = SweepRow.JSON.readTree(f.toFile());
      // Compare as read from a file on both sides (a number is an int or a long node by its size).
      ObjectNode a = (ObjectNode) SweepRow.JSON.readTree(SweepRow.JSON.writeValueAsString(want));
      ObjectNode b = have.isObject() ? ((ObjectNode) have).deepCopy() : SweepRow.JSON.createObjectNode();
      // The file's name may differ (another working directory); its content may not.
      a.remove("scenario");
      b.remove("scenario");
      if (!a.equals(b)) {
        throw new SweepException(dir + " holds another sweep (" + f + " differs: other scenario text,"
            + " parameters, seeds, --until or shard); use another output directory");
      }
      return;
    }
    SweepRow.JSON.writerWithDefaultPrettyPrinter().writeValue(f.toFile(), want);
  }

  /** Reads a directory's manifest (for sweep-merge). */
  public static ObjectNode readManifest(Path dir) throws IOException, SweepException {
    Path f = dir.resolve(MANIFEST);
    if (!Files.exists(f)) {
      throw new SweepException(dir + " is not a sweep directory (no " + MANIFEST + ")");
    }
    JsonNode n = SweepRow.JSON.readTree(f.toFile());
    if (!n.isObject()) {
      throw new SweepException(f + ": not a sweep manifest");
    }
    return (ObjectNode) n;
  }
}

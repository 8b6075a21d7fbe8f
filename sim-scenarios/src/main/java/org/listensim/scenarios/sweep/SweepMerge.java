package org.listensim.scenarios.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Joins the shards of one sweep ({@code --shard 1/N} … {@code N/N}, each in its own directory) into one
 * directory that holds what the unsharded sweep would: the manifest (shard 1/1), {@value
 * SweepRunner#RUNS} in sweep order, and (by the caller) the outputs.
 */
public final class SweepMerge {
  private SweepMerge() {}

  /** The merged sweep: the parameter paths and every row in sweep order. */
  public record Merged(List<String> params, List<SweepRow> rows) {}

  public static Merged merge(List<Path> shardDirs, Path out) throws IOException, SweepException {
    if (shardDirs.isEmpty()) {
      throw new SweepException("no shard directories given");
    }
    ObjectNode identity = null;
    Map<Integer, Path> shards = new TreeMap<>();
    int count = -1;
    Map<String, SweepRow> rows = new LinkedHashMap<>();
    for (Path d : shardDirs) {
      ObjectNode m = SweepRunner.readManifest(d);
      Shard s = Shard.parse(m.path("shard").asText(""));
      ObjectNode id = m.deepCopy();
      id.remove("shard");
      id.remove("scenario");
      if (identity == null) {
        identity = id;
        count = s.count();
      } else if (!identity.equals(id) || s.count() != count) {
        throw new SweepException(d + " holds a shard of another sweep (" + SweepRunner.MANIFEST
            + " differs from " + shardDirs.get(0) + ")");
      }
      Path prev = shards.put(s.index(), d);
      if (prev != null) {
        throw new SweepException(prev + " and " + d + " are both shard " + s);
      }
      for (SweepRow r : SweepRunner.readRows(d.resolve(SweepRunner.RUNS)).values()) {
        rows.putIfAbsent(r.key(), r);
      }
    }
    List<String> missingShards = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      if (!shards.containsKey(i)) {
        missingShards.add(i + "/" + count);
      }
    }
    if (!missingShards.isEmpty()) {
      throw new SweepException("missing shard(s) " + String.join(", ", missingShards));
    }
    long expected = identity.path("seeds").asLong();
    List<String> params = new ArrayList<>();
    for (JsonNode p : identity.path("params")) {
      params.add(p.path("path").asText());
      expected *= p.path("values").size();
    }
    if (rows.size() != expected) {
      throw new SweepException("the shards hold " + rows.size() + " of " + expected
          + " runs: finish every shard (run it again with the same arguments) before merging");
    }
    List<SweepRow> sorted = new ArrayList<>(rows.values());
    sorted.sort(Comparator.comparingInt(SweepRow::position));
    Files.createDirectories(out);
    ObjectNode manifest = SweepRunner.readManifest(shards.get(1)).deepCopy();
    manifest.put("shard", Shard.ALL.toString());
    SweepRow.JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve(SweepRunner.MANIFEST).toFile(), manifest);
    try (BufferedWriter w = Files.newBufferedWriter(out.resolve(SweepRunner.RUNS), StandardCharsets.UTF_8)) {
      for (SweepRow r : sorted) {
        w.write(r.toJsonLine());
        w.write('\n');
      }
    }
    return new Merged(params, sorted);
  }
}

package org.listensim.scenarios.sweep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.listensim.scenarios.ScenarioPatch;

/**
 * What a sweep runs: a scenario, a grid (the cartesian product of the parameters' values, the first
 * parameter varying slowest), seeds 1..{@code seeds} for every grid point, and optionally an end time
 * other than the scenario's.
 */
public record SweepSpec(ScenarioPatch.Source source, List<SweepParam> params, int seeds, Long untilNanos) {
  public SweepSpec {
    params = List.copyOf(params);
    if (seeds < 1) {
      throw new IllegalArgumentException("--seeds: expected at least 1, found " + seeds);
    }
    var paths = new LinkedHashSet<String>();
    for (SweepParam p : params) {
      if (!paths.add(p.path())) {
        throw new IllegalArgumentException("--param " + p.path() + " given twice");
      }
    }
  }

  /** One run of the sweep: a grid point and a seed; {@code position} is its place in the sweep's order. */
  public record Run(int position, int point, long seed) {}

  /** The grid points in order: each maps every parameter's path to its value. */
  public List<Map<String, String>> points() {
    List<Map<String, String>> out = new ArrayList<>();
    out.add(new LinkedHashMap<>());
    for (SweepParam p : params) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> prefix : out) {
        for (String v : p.values()) {
          Map<String, String> m = new LinkedHashMap<>(prefix);
          m.put(p.path(), v);
          next.add(m);
        }
      }
      out = next;
    }
    return out;
  }

  /** Every run, by grid point then seed. */
  public List<Run> runs() {
    List<Run> out = new ArrayList<>();
    int n = points().size();
    for (int i = 0; i < n; i++) {
      for (long s = 1; s <= seeds; s++) {
        out.add(new Run(out.size(), i, s));
      }
    }
    return out;
  }

  /** The runs of one shard. */
  public List<Run> runs(Shard shard) {
    return runs().stream().filter(r -> shard.contains(r.position())).toList();
  }

  /** A run's key in the results file: its parameter values and seed, e.g. {@code server.listen.backlog=8;seed=3}. */
  public String key(Run r) {
    return key(points().get(r.point()), r.seed());
  }

  static String key(Map<String, String> point, long seed) {
    StringBuilder b = new StringBuilder();
    point.forEach((k, v) -> b.append(k).append('=').append(v).append(';'));
    return b.append("seed=").append(seed).toString();
  }

  /** SHA-256 of the scenario's text (the manifest records it: a changed file is a different sweep). */
  public String scenarioSha256() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(source.text().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package org.listensim.scenarios.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.scenarios.RunResult;
import org.listensim.scenarios.workload.Outcome;

/**
 * One finished run of a sweep: where it sits (position, grid point, parameter values, seed), its
 * metrics in a fixed order ({@link #METRICS}) and its trace digest. Rows depend only on the scenario,
 * the parameters and the seed: never on the thread, the core count or the wall clock.
 */
public record SweepRow(
    int position, int point, String key, Map<String, String> params, long seed, Map<String, Double> metrics,
    String digest) {

  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Metric names, in column order: client outcomes (over all populations), connect() and
   * time-to-accept latency percentiles in ms, every kernel MIB counter by its kernel name, and every
   * simulator counter ({@code sim.} prefix).
   */
  public static final List<String> METRICS;

  static {
    List<String> m = new ArrayList<>(List.of("attempts"));
    for (Outcome o : Outcome.values()) {
      m.add(o.label().replace('-', '_'));
    }
    m.addAll(List.of("connect_p50_ms", "connect_p90_ms", "connect_p99_ms", "connect_max_ms",
        "accept_p50_ms", "accept_p99_ms"));
    for (MibCounter c : MibCounter.values()) {
      m.add(c.kernelName());
    }
    for (SimCounter c : SimCounter.values()) {
      m.add("sim." + c.printedName());
    }
    METRICS = List.copyOf(m);
  }

  public SweepRow {
    params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /** The row of a finished run. */
  public static SweepRow of(SweepSpec.Run run, Map<String, String> point, RunResult r) {
    Map<String, Double> m = new LinkedHashMap<>();
    long attempts = r.outcomes().stream().mapToLong(RunResult.PopulationOutcomes::attempts).sum();
    m.put("attempts", (double) attempts);
    for (Outcome o : Outcome.values()) {
      m.put(o.label().replace('-', '_'), (double) r.outcome(o));
    }
    m.put("connect_p50_ms", ms(r.connectLatency().p50()));
    m.put("connect_p90_ms", ms(r.connectLatency().p90()));
    m.put("connect_p99_ms", ms(r.connectLatency().p99()));
    m.put("connect_max_ms", ms(r.connectLatency().max()));
    m.put("accept_p50_ms", ms(r.timeToAccept().p50()));
    m.put("accept_p99_ms", ms(r.timeToAccept().p99()));
    for (MibCounter c : MibCounter.values()) {
      m.put(c.kernelName(), (double) r.counter(c));
    }
    for (SimCounter c : SimCounter.values()) {
      m.put("sim." + c.printedName(), (double) r.simCounter(c));
    }
    return new SweepRow(run.position(), run.point(), SweepSpec.key(point, run.seed()), point, run.seed(), m,
        r.digest());
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  public double metric(String name) {
    Double v = metrics.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no metric " + name);
    }
    return v;
  }

  /** The row as one line of JSON (no line break). */
  public String toJsonLine() {
    return toJson().toString();
  }

  ObjectNode toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("key", key);
    o.put("position", position);
    o.put("point", point);
    ObjectNode p = o.putObject("params");
    params.forEach(p::put);
    o.put("seed", seed);
    ObjectNode m = o.putObject("metrics");
    metrics.forEach((k, v) -> {
      if (v == Math.rint(v) && Math.abs(v) < 1e15) {
        m.put(k, v.longValue());
      } else {
        m.put(k, v);
      }
    });
    o.put("digest", digest);
    return o;
  }

  /** Parses a line {@link #toJsonLine} wrote; throws IllegalArgumentException if it is not one. */
  public static SweepRow parse(String line) {
    try {
      JsonNode o = JSON.readTree(line);
      if (o == null || !o.isObject() || !o.has("key") || !o.has("metrics") || !o.has("digest")) {
        throw new IllegalArgumentException("not a sweep row");
      }
      Map<String, String> params = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = o.get("params").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        params.put(e.getKey(), e.getValue().asText());
      }
      Map<String, Double> metrics = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = o.get("metrics").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        metrics.put(e.getKey(), e.getValue().asDouble());
      }
      return new SweepRow(o.get("position").asInt(), o.get("point").asInt(), o.get("key").asText(), params,
          o.get("seed").asLong(), metrics, o.get("digest").asText());
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalArgumentException("not a sweep row: " + e.getMessage(), e);
    }
  }
}

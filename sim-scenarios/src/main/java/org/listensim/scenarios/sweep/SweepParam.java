package org.listensim.scenarios.sweep;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.listensim.scenarios.ScenarioPatch;

/**
 * One swept field: its path in the scenario (see {@link ScenarioPatch}) and its values, in the order
 * given.
 */
public record SweepParam(String path, List<String> values) {
  public SweepParam {
    values = List.copyOf(values);
    if (values.isEmpty()) {
      throw new IllegalArgumentException(path + ": no values");
    }
    if (new LinkedHashSet<>(values).size() != values.size()) {
      throw new IllegalArgumentException(path + ": a value given twice");
    }
  }

  /**
   * Parses {@code PATH=V1,V2,...}; throws IllegalArgumentException with a message for the user. Values
   * are YAML scalars (a value cannot contain a comma).
   */
  public static SweepParam parse(String spec) {
    int eq = spec.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("expected PATH=V1,V2,... (e.g. server.listen.backlog=1,8,64), found \""
          + spec + "\"");
    }
    String path = spec.substring(0, eq).strip();
    String bad = ScenarioPatch.checkPath(path);
    if (bad != null) {
      throw new IllegalArgumentException("expected " + bad + ", found \"" + path + "\"");
    }
    List<String> vs = new ArrayList<>();
    for (String v : spec.substring(eq + 1).split(",", -1)) {
      if (v.isBlank()) {
        throw new IllegalArgumentException(path + ": an empty value in \"" + spec + "\"");
      }
      vs.add(v.strip());
    }
    return new SweepParam(path, vs);
  }
}

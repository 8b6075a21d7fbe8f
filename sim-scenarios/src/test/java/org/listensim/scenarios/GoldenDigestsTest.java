package org.listensim.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The trace digest of every bundled scenario, at its own seed and duration, equals the checked-in
 * {@code src/test/resources/golden-digests.txt}: a run is the same across runs, JVM restarts and
 * machines, and any change of the model's decisions (or of the trace's records) shows up here.
 *
 * <p>A digest changes only deliberately: after a change to the kernel model or the bundled scenarios
 * that is meant to change behaviour, regenerate the file with
 *
 * <pre>
 * mvn -B -pl sim-scenarios -am test -Dtest=GoldenDigestsTest -Dsurefire.failIfNoSpecifiedTests=false -Dlistensim.golden.update=true
 * </pre>
 *
 * and commit it with the reason in the commit message (docs/testing.md).
 */
class GoldenDigestsTest {
  static final String FILE = "src/test/resources/golden-digests.txt";
  static final String HOW_TO_UPDATE = "If this change of behaviour is deliberate, regenerate the golden file with\n"
      + "  mvn -B -pl sim-scenarios -am test -Dtest=GoldenDigestsTest -Dsurefire.failIfNoSpecifiedTests=false"
      + " -Dlistensim.golden.update=true\n"
      + "and commit sim-scenarios/" + FILE + " saying why the digests changed (see docs/testing.md).";

  /** name → "digest records" of the current build. */
  static Map<String, String> current() throws ScenarioException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : BundledScenarios.names()) {
      RunResult r = ScenarioRunner.run(ScenarioLoader.loadBundled(name));
      out.put(name, r.digest() + " " + r.traceRecords());
    }
    return out;
  }

  static Map<String, String> golden(List<String> lines) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String l : lines) {
      if (l.isBlank() || l.startsWith("#")) {
        continue;
      }
      String[] f = l.trim().split("\\s+");
      assertThat(f).as("line \"%s\" of %s: name digest records", l, FILE).hasSize(3);
      out.put(f[0], f[1] + " " + f[2]);
    }
    return out;
  }

  @Test
  void everyBundledScenarioHasItsGoldenDigest() throws Exception {
    Map<String, String> now = current();
    Path file = Path.of(FILE);
    if (Boolean.getBoolean("listensim.golden.update")) {
      List<String> lines = new ArrayList<>();
      lines.add("# Trace digests of the bundled scenarios (name, SHA-256 of the canonical trace, records),");
      lines.add("# each at its own seed and duration. Checked by GoldenDigestsTest; regenerate only deliberately");
      lines.add("# (docs/testing.md) and say why in the commit.");
      now.forEach((n, d) -> lines.add(n + " " + d));
      Files.write(file, lines, StandardCharsets.UTF_8);
    }
    Map<String, String> golden = golden(Files.readAllLines(file, StandardCharsets.UTF_8));
    assertThat(golden.keySet()).as("scenarios in %s (one line per bundled scenario)\n%s", FILE, HOW_TO_UPDATE)
        .containsExactlyElementsOf(now.keySet());
    List<String> changed = new ArrayList<>();
    now.forEach((n, d) -> {
      if (!d.equals(golden.get(n))) {
        changed.add(n + ": golden " + golden.get(n) + ", now " + d);
      }
    });
    assertThat(changed).as("bundled scenarios whose trace digest changed:\n  %s\n%s",
        String.join("\n  ", changed), HOW_TO_UPDATE).isEmpty();
  }

  @Test
  void aRunIsTheSameTwiceInOneJvm() throws Exception {
    assertThat(current()).isEqualTo(current());
  }
}

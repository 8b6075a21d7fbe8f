package org.listensim.scenarios.testkit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.listensim.scenarios.Scenario;
import org.listensim.scenarios.ScenarioException;
import org.listensim.scenarios.ScenarioLoader;
import org.listensim.scenarios.packetdrill.PacketdrillRunner;
import org.listensim.scenarios.packetdrill.RunReport;

/**
 * A scripted scenario as plain values: the scenario file's own fields (seed, HZ, sysctls, pins) and the
 * <em>input</em> lines of a packetdrill script — the listener's setup calls, then inbound segments from a
 * few peers and accept()/close() calls, with times, but no expected {@code >} lines. {@link #record()}
 * runs the input in record mode, which writes the kernel model's segments and the calls' actual results
 * in; {@link #toYaml(String)} embeds a script in a scenario file ({@code script: |}) and {@link
 * #scenario(String)} loads it with the real loader, so the file is exactly what {@code listensim run FILE}
 * runs ({@link PacketdrillRunner.Options#forScenario}).
 *
 * @param name the scenario's name
 * @param seed its seed (the kernel's ISN secret)
 * @param hz 100, 250, 300 or 1000
 * @param sysctls sysctls set (by /proc/sys name), in order
 * @param hashRnd the {@code synq-hash-rnd} pin
 * @param isn the {@code isn.first} pin (every passive ISN), or null for the model's secure ISNs
 * @param lines the input script, one line each (times first)
 */
public record GeneratedScript(
    String name, long seed, int hz, Map<String, Integer> sysctls, long hashRnd, Long isn, List<String> lines) {

  /** How long after the last input event record mode keeps writing the kernel's segments. */
  public static final long RECORD_HORIZON_NANOS = 10_000_000_000L;

  public GeneratedScript {
    sysctls = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sysctls));
    lines = List.copyOf(lines);
  }

  /** The input script (no expected lines). */
  public String input() {
    return String.join("\n", lines) + "\n";
  }

  /** The runner's options for this scenario (as {@code listensim run} would take them from the file). */
  public PacketdrillRunner.Options options() {
    return PacketdrillRunner.Options.forScenario(scenario(input()));
  }

  /** The input run in record mode: the report's {@code recorded()} is the script with the kernel's lines. */
  public RunReport record() {
    return PacketdrillRunner.run(name + ".pkt", input(),
        options().withRecord(true).withRecordHorizon(RECORD_HORIZON_NANOS));
  }

  /** The scenario file with {@code script} embedded. */
  public String toYaml(String script) {
    StringBuilder y = new StringBuilder();
    y.append("name: ").append(name).append('\n');
    y.append("seed: ").append(seed).append('\n');
    y.append("hz: ").append(hz).append('\n');
    if (!sysctls.isEmpty()) {
      y.append("sysctl:\n");
      sysctls.forEach((k, v) -> y.append("  ").append(k).append(": ").append(v).append('\n'));
    }
    y.append("kernel-random:\n  synq-hash-rnd: ").append(hashRnd).append('\n');
    if (isn != null) {
      y.append("  isn: { first: ").append(isn).append(", increment: 0 }\n");
    }
    y.append("script: |\n");
    for (String l : script.split("\n", -1)) {
      if (!l.isEmpty()) {
        y.append("  ").append(l);
      }
      y.append('\n');
    }
    return y.toString().stripTrailing() + "\n";
  }

  /**
   * Loads {@link #toYaml(String)} with {@link ScenarioLoader}; a generated script is always valid, so a
   * loader error is a bug of the generator or the loader (thrown as an {@link AssertionError}).
   */
  public Scenario scenario(String script) {
    String yaml = toYaml(script);
    try {
      return ScenarioLoader.parse(name + ".yaml", yaml, name);
    } catch (ScenarioException e) {
      throw new AssertionError("the generated scripted scenario is not valid:\n" + e.getMessage() + "\n" + yaml, e);
    }
  }

  /** The scenario file with the input script: what a failing property prints for its shrunk input. */
  @Override
  public String toString() {
    return "\n---\n" + toYaml(input()) + "---";
  }
}

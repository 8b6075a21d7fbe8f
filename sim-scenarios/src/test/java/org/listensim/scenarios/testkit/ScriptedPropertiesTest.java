package org.listensim.scenarios.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.listensim.scenarios.Scenario;
import org.listensim.scenarios.packetdrill.PacketdrillRunner;
import org.listensim.scenarios.packetdrill.RunReport;

/**
 * Properties of generated scripted scenarios ({@link ScenarioGens#scripts()}), {@value
 * ScenarioPropertiesTest#DEFAULT_EXAMPLES} examples by default.
 */
class ScriptedPropertiesTest {
  private static final int EXAMPLES = ScenarioPropertiesTest.EXAMPLES;
  private static final String T = "sim-scenarios ScriptedPropertiesTest#";

  /**
   * A recorded script is a test of the kernel model that passes, and only as recorded. For every
   * generated input script (a listener, then SYNs, ACKs, data, FINs, RSTs from a few peers, accept() and
   * close()):
   *
   * <ul>
   *   <li>record mode runs it without a parse or "not modelled" failure (the generator writes only what
   *       the runner supports), and twice gives the same lines (determinism);
   *   <li>the recording, embedded in a scenario file ({@code script: |}) and loaded by the real loader,
   *       runs as {@code listensim run FILE} runs it and passes, emitting exactly the recorded segments —
   *       with {@link InvariantChecker} watching every record of the replay from listen() on (a SYN's
   *       admission, the accept queue, the timer sweep, TIME_WAIT hand-over);
   *   <li>the same recording with one expected ({@code >}) line moved 1 ms later fails, at that line,
   *       as a mismatch: the replay really checks what was recorded.
   * </ul>
   */
  @Test
  void scripts_aRecordedScriptReplaysAsAScenarioAndFailsWhenALineIsMoved() {
    qt().withExamples(EXAMPLES).withShrinkCycles(200).forAll(ScenarioGens.scripts(), integers().between(0, 999))
        .checkAssert((g, pick) -> Failures.check(g, T + "scripts_aRecordedScriptReplaysAsAScenarioAndFailsWhenALineIsMoved",
            x -> {
              RunReport rec = x.record();
              assertThat(rec.failure()).as("record mode:\n%s", rec.render()).isNull();
              assertThat(x.record().recorded()).as("a second recording").isEqualTo(rec.recorded());

              List<String> lines = rec.recorded();
              Scenario s = x.scenario(String.join("\n", lines));
              InvariantChecker checker = new InvariantChecker();
              RunReport replay = PacketdrillRunner.run(s.name(), s.script(), PacketdrillRunner.Options.forScenario(s),
                  checker);
              assertThat(replay.passed()).as("the recording replayed:\n%s", replay.render()).isTrue();
              assertThat(replay.emitted()).as("segments of the replay").isEqualTo(rec.emitted());
              if (!rec.emitted().isEmpty()) {
                assertThat(checker.records()).as("trace records the checker saw").isPositive();
              }

              List<Integer> expected = new ArrayList<>();
              for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).split(" ", 3)[1].equals(">")) {
                  expected.add(i);
                }
              }
              if (!expected.isEmpty()) {
                int i = expected.get(pick % expected.size());
                List<String> moved = new ArrayList<>(lines);
                moved.set(i, later(lines.get(i)));
                Scenario m = x.scenario(String.join("\n", moved));
                RunReport r = PacketdrillRunner.run(m.name(), m.script(), PacketdrillRunner.Options.forScenario(m));
                assertThat(r.passed()).as("line %d moved 1 ms later: %s", i + 1, moved.get(i)).isFalse();
                assertThat(r.failure().kind()).as(r.render()).isEqualTo(RunReport.FailureKind.MISMATCH);
                assertThat(r.failure().line()).as(r.render()).isEqualTo(i + 1);
              }
            }));
  }

  /** A recorded line with its time 1 ms later: {@code +0.2} → {@code +0.201000} (the first line is absolute). */
  private static String later(String line) {
    String[] p = line.split(" ", 2);
    boolean relative = p[0].startsWith("+");
    double t = Double.parseDouble(relative ? p[0].substring(1) : p[0]) + 0.001;
    return (relative ? "+" : "") + String.format(Locale.ROOT, "%.6f", t) + " " + p[1];
  }
}

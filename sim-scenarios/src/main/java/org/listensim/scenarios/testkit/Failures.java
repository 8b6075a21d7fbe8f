package org.listensim.scenarios.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Makes a failing property replayable: the failure names the scenario's seed, prints the (shrunk)
 * scenario as YAML, writes it to {@code target/listensim-failures/}, and gives the exact commands that
 * replay it, with the CLI and with Maven. QuickTheories adds {@code Seed was N} (the generator's seed)
 * after the smallest failing scenario.
 */
public final class Failures {
  private Failures() {}

  /** Where failing scenarios are written (relative to the module that runs the tests). */
  public static final Path DIR = Path.of("target", "listensim-failures");

  /**
   * Runs {@code property} on {@code g}; any failure is rethrown as an {@link AssertionError} whose
   * message holds the replay instructions and whose cause is the original failure.
   *
   * @param test how to run this property alone with Maven, e.g. {@code "sim-scenarios ScenarioPropertiesTest#determinism"}
   *     (module, then class and method)
   */
  public static void check(GeneratedScenario g, String test, Consumer<GeneratedScenario> property) {
    try {
      property.accept(g);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(explain(g, test, e), e);
    }
  }

  /** The message of a failure of {@code test} on {@code g}. */
  public static String explain(GeneratedScenario g, String test, Throwable failure) {
    String yaml = g.toYaml();
    String written = write(g.name(), yaml);
    String mvn = mvnCommand(test);
    return failure.getMessage() + "\n"
        + "scenario seed " + g.seed() + "; the scenario (YAML), written to " + written + ":\n"
        + yaml
        + "replay it:\n"
        + "  ./listensim run " + written + " --trace failing.jsonl && ./listensim replay failing.jsonl\n"
        + "  " + mvn + "\n";
  }

  /**
   * Runs {@code property} on a generated script; a failure is rethrown with the scripted scenario written
   * to {@link #DIR} — the recording (the input with the kernel's lines written in) when record mode ran,
   * else the input — and the commands that replay it.
   */
  public static void check(GeneratedScript g, String test, Consumer<GeneratedScript> property) {
    try {
      property.accept(g);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(explain(g, test, e), e);
    }
  }

  /** The message of a failure of {@code test} on the generated script {@code g}. */
  public static String explain(GeneratedScript g, String test, Throwable failure) {
    String yaml;
    String what;
    try {
      org.listensim.scenarios.packetdrill.RunReport rec = g.record();
      yaml = rec.failure() == null ? g.toYaml(String.join("\n", rec.recorded())) : g.toYaml(g.input());
      what = rec.failure() == null ? "recorded" : "input (record mode failed: " + rec.failure().message() + ")";
    } catch (AssertionError | RuntimeException e) {
      yaml = g.toYaml(g.input());
      what = "input";
    }
    String written = write(g.name(), yaml);
    String mvn = mvnCommand(test);
    return failure.getMessage() + "\n"
        + "scripted scenario seed " + g.seed() + "; the " + what + " scenario (YAML), written to " + written + ":\n"
        + yaml
        + "replay it:\n"
        + "  ./listensim run " + written + "\n"
        + "  " + mvn + "\n";
  }

  private static String shortHash(String s) {
    try {
      byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 4);
    } catch (java.security.NoSuchAlgorithmException e) {
      return Integer.toHexString(s.hashCode());
    }
  }

  /** Writes a failing scenario to {@link #DIR}; returns its path, or why it could not be written. */
  private static String write(String name, String yaml) {
    Path file = DIR.resolve(name + "-" + shortHash(yaml) + ".yaml");
    try {
      Files.createDirectories(DIR);
      Files.writeString(file, yaml, StandardCharsets.UTF_8);
      return file.toAbsolutePath().toString();
    } catch (IOException | RuntimeException e) {
      return "(could not be written: " + e.getMessage() + ")";
    }
  }

  /** The Maven command that reruns {@code test} ("module Class#method"), or {@code test} itself. */
  private static String mvnCommand(String test) {
    String[] t = test.split(" ", 2);
    return t.length == 2
        ? "mvn -B -pl " + t[0] + " -am verify -Dsurefire.failIfNoSpecifiedTests=false -Dtest='" + t[1]
            + "' -DQT_SEED=<the Seed was N below>"
        : test;
  }
}

package org.listensim.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.listensim.scenarios.BundledScenarios;
import org.listensim.scenarios.Scenario;
import org.listensim.scenarios.ScenarioError;
import org.listensim.scenarios.ScenarioException;
import org.listensim.scenarios.ScenarioLoader;

/** Resolves what the user typed: a file, or else the name of a bundled scenario. */
final class ScenarioSource {
  private ScenarioSource() {}

  static Scenario load(String arg) throws ScenarioException {
    Path p = Path.of(arg);
    if (Files.exists(p) || looksLikePath(arg) || !BundledScenarios.exists(arg)) {
      if (!Files.exists(p) && !looksLikePath(arg)) {
        throw new ScenarioException(List.of(new ScenarioError(arg, 1, 1, "(file)",
            "a scenario file or a bundled scenario (" + String.join(", ", BundledScenarios.names()) + ")",
            "no such file or bundled scenario", "listensim list shows the bundled scenarios")));
      }
      return ScenarioLoader.load(p);
    }
    return ScenarioLoader.loadBundled(arg);
  }

  /**
   * The text of what {@link #load} loaded (the file, or the bundled scenario's YAML), for the trace
   * header; call it only after {@code load} succeeded.
   */
  static String text(String arg) throws java.io.IOException {
    Path p = Path.of(arg);
    if (Files.exists(p) || looksLikePath(arg) || !BundledScenarios.exists(arg)) {
      return new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.UTF_8);
    }
    try (java.io.InputStream in = ScenarioSource.class.getResourceAsStream(BundledScenarios.resource(arg))) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static boolean looksLikePath(String arg) {
    return arg.contains("/") || arg.contains("\\") || arg.endsWith(".yaml") || arg.endsWith(".yml");
  }
}

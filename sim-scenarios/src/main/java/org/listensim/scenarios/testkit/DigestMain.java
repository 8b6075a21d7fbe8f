package org.listensim.scenarios.testkit;

import java.nio.file.Path;
import org.listensim.scenarios.RunResult;
import org.listensim.scenarios.ScenarioLoader;
import org.listensim.scenarios.ScenarioRunner;

/**
 * Prints {@code <digest> <records>} for each scenario file given, one line each: the fresh-process half
 * of the determinism property (a new JVM must compute the digests the test's JVM computed).
 */
public final class DigestMain {
  private DigestMain() {}

  public static void main(String[] args) throws Exception {
    StringBuilder out = new StringBuilder();
    for (String a : args) {
      RunResult r = ScenarioRunner.run(ScenarioLoader.load(Path.of(a)));
      out.append(r.digest()).append(' ').append(r.traceRecords()).append('\n');
    }
    System.out.print(out);
    System.out.flush();
  }
}

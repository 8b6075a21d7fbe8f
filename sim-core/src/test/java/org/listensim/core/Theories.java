package org.listensim.core;

import static org.quicktheories.QuickTheory.qt;

import java.util.function.Consumer;
import org.junit.jupiter.api.TestInfo;
import org.quicktheories.core.Gen;

/**
 * Runs a QuickTheories property with a seed we know, so that a failure names the command that
 * replays it. The seed is the {@code QT_SEED} system property when given (the property
 * QuickTheories itself reads; Maven passes {@code -DQT_SEED=...} on to the test JVM), else a fresh
 * one per run, so that every build explores new cases. {@code -DQT_EXAMPLES=...} changes the number
 * of cases and {@code -DQT_SHRINKS=...} the effort spent shrinking a failure.
 */
public final class Theories {
  private Theories() {}

  /** Checks {@code property} on 1000 generated cases (or {@code QT_EXAMPLES}). */
  public static <T> void check(TestInfo test, Gen<T> gen, Consumer<T> property) {
    check(test, 1_000, gen, property);
  }

  /** Checks {@code property} on {@code examples} generated cases (or {@code QT_EXAMPLES}). */
  public static <T> void check(TestInfo test, int examples, Gen<T> gen, Consumer<T> property) {
    long seed = Long.getLong("QT_SEED", System.nanoTime());
    int n = Integer.getInteger("QT_EXAMPLES", examples);
    try {
      qt().withFixedSeed(seed)
          .withExamples(n)
          .withShrinkCycles(shrinkCycles())
          .forAll(gen)
          .checkAssert(property);
    } catch (AssertionError e) {
      // QuickTheories' message already names the smallest case and the seed; add the command.
      AssertionError replayable =
          new AssertionError(e.getMessage() + "\n" + replay(test, seed), e.getCause());
      replayable.setStackTrace(e.getStackTrace());
      throw replayable;
    }
  }

  /**
   * QuickTheories' default (100 per example) can take minutes on event programs; a failure needs
   * fewer.
   */
  private static int shrinkCycles() {
    return Integer.getInteger("QT_SHRINKS", 2_000);
  }

  static String replay(TestInfo test, long seed) {
    String cls = test.getTestClass().map(Class::getSimpleName).orElse("?");
    String method = test.getTestMethod().map(m -> m.getName()).orElse("?");
    return "Replay: mvn -B -pl sim-core test -Dtest='"
        + cls
        + "#"
        + method
        + "' -DQT_SEED="
        + seed
        + (System.getProperty("QT_EXAMPLES") == null
            ? ""
            : " -DQT_EXAMPLES=" + System.getProperty("QT_EXAMPLES"));
  }
}

package org.listensim.scenarios;

import java.util.List;

/**
 * The scenarios shipped inside the jar, runnable by name ({@code listensim run backlog-plus-one}). Each
 * is {@code /scenarios/<name>.yaml} on the class path; its comments say what to look for in the output.
 */
public final class BundledScenarios {
  private BundledScenarios() {}

  private static final List<String> NAMES = List.of(
      "backlog-plus-one",
      "accept-queue-overflow",
      "accept-queue-overflow-abort",
      "syn-flood",
      "syn-flood-syncookies",
      "slow-accept-poisson",
      "server-pause",
      "last-quarter");

  /** Names in the order {@code listensim list} prints them. */
  public static List<String> names() {
    return NAMES;
  }

  public static boolean exists(String name) {
    return NAMES.contains(name);
  }

  /** The class-path resource of a bundled scenario. */
  public static String resource(String name) {
    return "/scenarios/" + name + ".yaml";
  }

  /** The scenario's one-line description (its {@code description} field). */
  public static String description(String name) {
    try {
      return ScenarioLoader.loadBundled(name).description();
    } catch (ScenarioException e) {
      throw new IllegalStateException("bundled scenario " + name + " is invalid:\n" + e.getMessage(), e);
    }
  }
}

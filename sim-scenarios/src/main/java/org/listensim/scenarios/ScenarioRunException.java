package org.listensim.scenarios;

/** The scenario is valid but the simulated kernel refused it (e.g. listen() failed): bad input, not a bug. */
public final class ScenarioRunException extends RuntimeException {
  public ScenarioRunException(String message) {
    super(message);
  }
}

package org.listensim.scenarios;

import java.util.List;
import java.util.stream.Collectors;

/** A scenario that cannot run: every error found in it, in file order. */
public final class ScenarioException extends Exception {
  private final List<ScenarioError> errors;

  public ScenarioException(List<ScenarioError> errors) {
    super(errors.stream().map(ScenarioError::message).collect(Collectors.joining("\n")));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a ScenarioException needs at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  public List<ScenarioError> errors() {
    return errors;
  }
}

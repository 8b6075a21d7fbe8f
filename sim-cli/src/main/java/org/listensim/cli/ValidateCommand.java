package org.listensim.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.listensim.scenarios.Scenario;
import org.listensim.scenarios.ScenarioError;
import org.listensim.scenarios.ScenarioException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code listensim validate FILE...}: checks scenario files without running them. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Checks scenario files (or bundled names) and prints every error, located.",
    footer = {"", "Exit codes: 0 all valid, 2 at least one invalid."})
final class ValidateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "scenario files or bundled scenario names")
  List<String> files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int rc = Main.OK;
    for (String f : files) {
      try {
        Scenario s = ScenarioSource.load(f);
        out.println(f + ": ok (" + s.name() + ")");
      } catch (ScenarioException e) {
        printErrors(err, e.errors());
        rc = Main.BAD_INPUT;
      }
    }
    out.flush();
    err.flush();
    return rc;
  }

  static void printErrors(PrintWriter err, List<ScenarioError> errors) {
    for (ScenarioError e : errors) {
      err.println(e.message());
    }
    String file = errors.get(0).file();
    err.println(file + ": " + errors.size() + (errors.size() == 1 ? " error" : " errors")
        + "; see docs/scenario-format.md");
  }
}

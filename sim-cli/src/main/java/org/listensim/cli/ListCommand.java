package org.listensim.cli;

import java.util.concurrent.Callable;
import org.listensim.scenarios.BundledScenarios;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code listensim list}: the bundled scenarios and what each shows. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the bundled scenarios.")
final class ListCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    int w = BundledScenarios.names().stream().mapToInt(String::length).max().orElse(0);
    for (String n : BundledScenarios.names()) {
      spec.commandLine().getOut().printf("%-" + w + "s  %s%n", n, BundledScenarios.description(n));
    }
    spec.commandLine().getOut().println();
    spec.commandLine().getOut().println("Run one with: listensim run NAME");
    spec.commandLine().getOut().flush();
    return Main.OK;
  }
}

package org.listensim.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code listensim} command. Exit codes: 0 success, 2 bad input (a message, never
 * a stack trace), 1 internal error (a message and the file the details went to).
 */
@Command(
    name = "listensim",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    subcommands = {RunCommand.class, ValidateCommand.class, ListCommand.class, PktCommand.class,
        SweepCommand.class, SweepMergeCommand.class, ReplayCommand.class},
    description = "Simulates the Linux 2.6.32 TCP listen path, deterministically.",
    footer = {"", "Exit codes: 0 success, 2 bad input, 1 internal error.",
        "Scenario format: docs/scenario-format.md; JSON output: docs/output-format.md."})
public final class Main implements Runnable {
  public static final int OK = 0;
  public static final int INTERNAL_ERROR = 1;
  public static final int BAD_INPUT = 2;

  public static void main(String[] args) {
    System.exit(execute(System.out, System.err, args));
  }

  /** Runs the command with the given streams and returns the exit code (for tests and main). */
  public static int execute(PrintStream out, PrintStream err, String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      commandLine.getErr().println("listensim: internal error: " + ex);
      commandLine.getErr().println("listensim: " + writeDetails(ex));
      commandLine.getErr().flush();
      return INTERNAL_ERROR;
    });
    for (CommandLine sub : cl.getSubcommands().values()) {
      sub.setOut(cl.getOut());
      sub.setErr(cl.getErr());
      sub.setExecutionExceptionHandler(cl.getExecutionExceptionHandler());
    }
    return cl.execute(args);
  }

  static String writeDetails(Throwable ex) {
    StringWriter sw = new StringWriter();
    ex.printStackTrace(new PrintWriter(sw));
    try {
      Path f = Files.createTempFile("listensim-error-", ".txt");
      Files.writeString(f, sw.toString());
      return "the stack trace is in " + f + " (please attach it to a bug report)";
    } catch (IOException | RuntimeException io) {
      return "the stack trace could not be written to a file (" + io.getMessage() + ")";
    }
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** This build's version (the jar's Implementation-Version), or "development build". */
  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "development build" : v;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"listensim " + (v == null ? "(development build)" : v),
          "Linux 2.6.32 TCP listen path model"};
    }
  }
}

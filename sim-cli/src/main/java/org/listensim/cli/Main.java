package org.listensim.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code listensim} command. */
@Command(
    name = "listensim",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Simulates the Linux 2.6.32 TCP listen path, deterministically.")
public final class Main implements Runnable {
  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"listensim " + (v == null ? "(development build)" : v)};
    }
  }
}

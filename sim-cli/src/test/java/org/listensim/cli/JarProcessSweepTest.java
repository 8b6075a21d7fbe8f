package org.listensim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep killed (SIGKILL, as a cluster's scheduler or a power cut would) while it runs, then started
 * again with the same arguments, ends with exactly the files of a sweep that was never interrupted.
 * Runs the built jar as a separate process, after {@code package} (see the pom).
 */
class JarProcessSweepTest {
  @TempDir Path dir;

  static final String[] GRID = {"--param", "server.listen.backlog=8,64", "--param",
      "sysctl.net.ipv4.tcp_syncookies=0,1", "--seeds", "3", "--until", "2s", "--threads", "1"};

  static List<String> cmd(Path out) {
    List<String> c = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", Path.of("target", "listensim.jar").toString(), "sweep", "slow-accept-poisson", "--out",
        out.toString()));
    c.addAll(List.of(GRID));
    return c;
  }

  @Test
  void killedSweepResumesToTheSameFiles() throws Exception {
    Path killed = dir.resolve("killed");
    Process p = new ProcessBuilder(cmd(killed)).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    Path runs = killed.resolve("runs.jsonl");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (p.isAlive() && System.nanoTime() < deadline
        && (!Files.exists(runs) || Files.readAllLines(runs).size() < 3)) {
      Thread.sleep(20);
    }
    p.destroyForcibly();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    int before = Files.readAllLines(runs).size();
    assertThat(before).as("killed midway").isBetween(3, 11);
    assertThat(killed.resolve("runs.csv")).as("outputs come only when every run is done").doesNotExist();

    Process again = new ProcessBuilder(cmd(killed)).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(again.getInputStream().readAllBytes());
    assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(again.exitValue()).isZero();
    assertThat(out).contains("12 runs (");

    Path clean = dir.resolve("clean");
    List<String> args = new ArrayList<>(List.of("sweep", "slow-accept-poisson", "--out", clean.toString()));
    args.addAll(List.of(GRID));
    assertThat(CliTest.run(args.toArray(String[]::new)).rc()).isZero();
    for (String f : new String[] {"runs.csv", "runs.json", "summary.csv", "summary.json"}) {
      assertThat(Files.readString(killed.resolve(f))).as(f).isEqualTo(Files.readString(clean.resolve(f)));
    }
    assertThat(Files.readAllLines(runs)).hasSize(12);
  }
}

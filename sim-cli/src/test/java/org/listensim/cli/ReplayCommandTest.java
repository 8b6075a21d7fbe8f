package org.listensim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.listensim.cli.CliTest.Result;

/** {@code listensim replay}: a trace replays to the same records, and a changed record is found and shown. */
class ReplayCommandTest {
  @TempDir Path dir;

  private Path recordTrace(String... runArgs) {
    Path trace = dir.resolve("t.jsonl");
    String[] args = new String[runArgs.length + 3];
    args[0] = "run";
    System.arraycopy(runArgs, 0, args, 1, runArgs.length);
    args[args.length - 2] = "--trace";
    args[args.length - 1] = trace.toString();
    Result r = CliTest.run(args);
    assertThat(r.rc()).as(r.err()).isZero();
    return trace;
  }

  @Test
  void aBundledRunReplaysRecordForRecordWithTheSameDigest() throws IOException {
    Path trace = recordTrace("syn-flood-syncookies", "--seed", "9", "--until", "3s");
    Result run = CliTest.run("run", "syn-flood-syncookies", "--seed", "9", "--until", "3s");
    String digest = run.out().lines().filter(l -> l.contains("digest")).findFirst().orElseThrow();
    Result r = CliTest.run("replay", trace.toString());
    assertThat(r.rc()).as(r.out() + r.err()).isZero();
    long records = Files.readAllLines(trace).size() - 1;
    assertThat(r.out()).startsWith("replay: every record matches: " + records + " records")
        .contains("seed 9");
    String hex = r.out().lines().filter(l -> l.startsWith("digest ")).findFirst().orElseThrow().substring(7);
    assertThat(digest).contains(hex);
  }

  @Test
  void aScenarioFileReplaysFromTheHeaderAlone() throws IOException {
    Path yaml = dir.resolve("mine.yaml");
    Files.writeString(yaml, "duration: 2s\nserver: { listen: { backlog: 1 } }\n"
        + "clients: [ { count: 6, interval: 10ms, loss: 0.2 } ]\n");
    Path trace = recordTrace(yaml.toString());
    Files.delete(yaml); // the trace carries the scenario text
    Result r = CliTest.run("replay", trace.toString());
    assertThat(r.rc()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("every record matches", "mine");
  }

  @Test
  void aTamperedRecordIsTheFirstDifferenceShownSideBySide() throws IOException {
    Path trace = recordTrace("backlog-plus-one", "--until", "2s");
    List<String> lines = Files.readAllLines(trace);
    int victim = -1;
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).contains("\"flags\":\"SA\"")) {
        victim = i;
        break;
      }
    }
    assertThat(victim).isPositive();
    String original = lines.get(victim);
    lines.set(victim, original.replaceFirst("\"seq\":(\\d+)", "\"seq\":7"));
    Files.write(trace, lines, StandardCharsets.UTF_8);
    Result r = CliTest.run("replay", trace.toString());
    assertThat(r.rc()).isEqualTo(ReplayCommand.DIFFERS);
    assertThat(r.out()).contains("replay: DIFFERS", "first difference: record " + victim + " (line " + (victim + 1))
        .contains("  recorded: " + lines.get(victim), "  replayed: " + original)
        .containsPattern("! seq +7 +\\d+");
  }

  @Test
  void aTruncatedTraceDiffersAtTheReplaysFirstExtraRecord() throws IOException {
    Path trace = recordTrace("backlog-plus-one", "--until", "2s");
    List<String> lines = Files.readAllLines(trace);
    Files.write(trace, lines.subList(0, 4), StandardCharsets.UTF_8);
    Result r = CliTest.run("replay", trace.toString());
    assertThat(r.rc()).isEqualTo(ReplayCommand.DIFFERS);
    assertThat(r.out()).contains("first difference: record 4 (line 5", "recorded: (end of trace)");
  }

  @Test
  void aFileWithoutHeaderIsBadInput() throws IOException {
    Path f = dir.resolve("old.jsonl");
    Files.writeString(f, "{\"t\":0,\"type\":\"listen\"}\n");
    Result r = CliTest.run("replay", f.toString());
    assertThat(r.rc()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).startsWith("listensim: " + f + ":1: expected a first record of type \"header\"");
    assertThat(CliTest.run("replay", dir.resolve("none.jsonl").toString()).rc()).isEqualTo(Main.BAD_INPUT);
  }
}

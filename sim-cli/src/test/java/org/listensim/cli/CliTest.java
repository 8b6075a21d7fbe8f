package org.listensim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.scenarios.BundledScenarios;

/** The command line in-process: commands, options, exit codes and the JSON document's shape. */
class CliTest {
  @TempDir Path dir;

  record Result(int rc, String out, String err) {}

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = Main.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), args);
    return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static JsonNode json(String text) throws IOException {
    return new ObjectMapper().readTree(text);
  }

  @Test
  void versionAndHelpExitZero() {
    Result v = run("--version");
    assertThat(v.rc()).isZero();
    assertThat(v.out()).startsWith("listensim ");
    Result h = run("--help");
    assertThat(h.rc()).isZero();
    assertThat(h.out()).contains("run", "validate", "list", "Exit codes: 0 success, 2 bad input, 1 internal error");
  }

  @Test
  void listNamesEveryBundledScenario() {
    Result r = run("list");
    assertThat(r.rc()).isZero();
    for (String n : BundledScenarios.names()) {
      assertThat(r.out()).contains(n);
    }
  }

  @Test
  void unknownOptionIsBadInputWithoutStackTrace() {
    Result r = run("run", "--bogus", "backlog-plus-one");
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown option: '--bogus'").doesNotContain("\tat ");
  }

  @Test
  void unknownScenarioNameIsBadInput() {
    Result r = run("run", "no-such-scenario");
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.err()).startsWith("no-such-scenario:1:1: (file): expected a scenario file or a bundled scenario");
  }

  @Test
  void malformedUntilIsBadInput() {
    Result r = run("run", "backlog-plus-one", "--until", "5x");
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.err()).startsWith("listensim: --until: expected a duration");
  }

  @Test
  void aListenTheKernelRefusesIsBadInput() throws IOException {
    Path f = dir.resolve("huge.yaml");
    Files.writeString(f, "duration: 1s\nsysctl: { net.core.somaxconn: -1, net.ipv4.tcp_max_syn_backlog: 2147483647 }\n"
        + "server: { listen: { backlog: 2147483647 } }\n");
    Result r = run("run", f.toString());
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.err()).startsWith("listensim: huge: listen(fd, 2147483647) failed: ENOMEM").doesNotContain("\tat ");
  }

  @Test
  void anUnwritableTraceFileIsBadInput() {
    Result r = run("run", "backlog-plus-one", "--trace", dir.resolve("no/such/dir/t.jsonl").toString());
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.err()).startsWith("listensim: --trace: cannot write");
  }

  @Test
  void validateAcceptsBundledNamesAndFiles() throws IOException {
    Path f = dir.resolve("ok.yaml");
    Files.writeString(f, "duration: 1s\n");
    Result r = run("validate", "backlog-plus-one", f.toString());
    assertThat(r.rc()).isZero();
    assertThat(r.out()).contains("backlog-plus-one: ok", f + ": ok (ok)");
  }

  @Test
  void validateReportsEveryFileAndExits2IfAnyIsBad() throws IOException {
    Path good = dir.resolve("good.yaml");
    Files.writeString(good, "duration: 1s\n");
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "duration: 1s\nhz: 99\nseed: x\n");
    Result r = run("validate", bad.toString(), good.toString());
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.out()).contains(good + ": ok");
    assertThat(r.err()).contains(bad + ":2:5: hz:", bad + ":3:7: seed:", bad + ": 2 errors");
  }

  @Test
  void summarySpeaksTheOperatorsLanguage() {
    Result r = run("run", "backlog-plus-one");
    assertThat(r.rc()).isZero();
    assertThat(r.out()).contains("$ ss -lnt", "State      Recv-Q Send-Q", "LISTEN", "10.0.0.100:80",
        "$ netstat -s", "Tcp:", "passive connection openings", "segments send out", "TcpExt:",
        "Client outcomes", "Latency (ms)", "connect()", "time to accept()",
        "Simulator drop reasons and events  (observed by the simulator: NOT kernel counters)", "Trace digest: sha256:");
  }

  @Test
  void jsonHasEveryDocumentedField() throws IOException {
    Result r = run("run", "backlog-plus-one", "--json");
    assertThat(r.rc()).isZero();
    JsonNode j = json(r.out());
    assertThat(j.get("formatVersion").asInt()).isEqualTo(1);
    assertThat(j.get("scenario").asText()).isEqualTo("backlog-plus-one");
    assertThat(j.get("seed").asLong()).isEqualTo(1);
    assertThat(j.get("hz").asInt()).isEqualTo(1000);
    assertThat(j.get("digest").asText()).matches("[0-9a-f]{64}");
    List<String> counters = new ArrayList<>();
    j.get("counters").fieldNames().forEachRemaining(counters::add);
    assertThat(counters).containsExactly(
        java.util.Arrays.stream(MibCounter.values()).map(MibCounter::kernelName).toArray(String[]::new));
    assertThat(j.get("listener").get("sendQ").asInt()).isEqualTo(5);
    assertThat(j.get("listener").get("nrTableEntries").asInt()).isEqualTo(16);
    assertThat(j.get("listener").get("maxQlenLog").asInt()).isEqualTo(4);
    for (String k : List.of("recvQ", "sendQ", "synQueue", "synQueueYoung", "nrTableEntries", "maxQlenLog")) {
      assertThat(j.get("listener").has(k)).as(k).isTrue();
    }
    assertThat(j.get("accepted").isArray()).isTrue();
    assertThat(j.get("outcomes").isObject()).isTrue();
    assertThat(j.get("latency").get("connectMs").has("p99")).isTrue();
    assertThat(j.get("latency").get("timeToAcceptMs").has("p50")).isTrue();
    List<String> drops = new ArrayList<>();
    j.get("dropReasons").fieldNames().forEachRemaining(drops::add);
    assertThat(drops).containsExactly(
        java.util.Arrays.stream(SimCounter.values()).map(SimCounter::printedName).toArray(String[]::new));
    assertThat(j.get("emitted").isArray()).isTrue();
  }

  @Test
  void seedUntilAndTraceOptions() throws IOException {
    Path trace = dir.resolve("t.jsonl");
    Result r = run("run", "backlog-plus-one", "--json", "--seed", "5", "--until", "1500ms", "--trace",
        trace.toString());
    assertThat(r.rc()).isZero();
    JsonNode j = json(r.out());
    assertThat(j.get("seed").asLong()).isEqualTo(5);
    assertThat(j.get("endMs").decimalValue()).isEqualByComparingTo("1500");
    List<String> lines = Files.readAllLines(trace);
    // the header line, then the records the digest covers
    assertThat(lines).hasSize(j.get("traceRecords").asInt() + 1);
    JsonNode header = json(lines.get(0));
    assertThat(header.get("type").asText()).isEqualTo("header");
    assertThat(header.get("seed").asLong()).isEqualTo(5);
    assertThat(header.get("untilNs").asLong()).isEqualTo(1_500_000_000L);
    assertThat(header.get("scenario").asText()).contains("backlog-plus-one");
    for (String line : lines) {
      assertThat(json(line).has("type")).isTrue();
    }
  }

  @Test
  void aRunIsAPureFunctionOfScenarioAndSeed() {
    assertThat(run("run", "syn-flood", "--json").out()).isEqualTo(run("run", "syn-flood", "--json").out());
  }

  @Test
  void internalErrorDetailsGoToAFile() throws IOException {
    String where = Main.writeDetails(new IllegalStateException("boom"));
    assertThat(where).startsWith("the stack trace is in ");
    Path f = Path.of(where.substring("the stack trace is in ".length(), where.indexOf(" (please")));
    assertThat(Files.readString(f)).contains("IllegalStateException: boom");
    Files.delete(f);
  }
}

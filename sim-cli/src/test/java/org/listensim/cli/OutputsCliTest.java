package org.listensim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run --pcap/--plots/--csv, sweep and sweep-merge from the command line. */
class OutputsCliTest {
  @TempDir Path dir;

  static final String SCENARIO = """
      name: tiny
      duration: 1s
      server: { address: 10.0.0.100, listen: { backlog: 2 }, app: { accept: never } }
      clients:
        - { name: web, count: 5, start: 1ms, interval: 20ms, from: 10.0.0.1/32 }
      """;

  @Test
  void runWritesCapturePlotsAndCsv() throws Exception {
    Path pcap = dir.resolve("c.pcap");
    CliTest.Result r = CliTest.run("run", "backlog-plus-one", "--until", "3s", "--pcap", pcap.toString(), "--plots",
        dir.resolve("plots").toString(), "--csv", dir.resolve("csv").toString(), "--sample-interval", "100ms");
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(r.out()).contains("Capture written to " + pcap, "Charts written to", "Series written to");
    byte[] head = Files.readAllBytes(pcap);
    assertThat(head).startsWith(0x4d, 0x3c, 0xb2, 0xa1); // nanosecond pcap, little-endian
    for (String n : new String[] {"syn-table", "accept-queue", "outcomes", "connect-latency-cdf", "counters"}) {
      assertThat(dir.resolve("plots").resolve(n + ".png")).exists();
      assertThat(dir.resolve("plots").resolve(n + ".svg")).exists();
      assertThat(dir.resolve("csv").resolve(n + ".csv")).exists();
    }
    assertThat(Files.readAllLines(dir.resolve("csv").resolve("accept-queue.csv"))).hasSize(1 + 31);
    // --json stays one document on stdout.
    CliTest.Result j = CliTest.run("run", "backlog-plus-one", "--json", "--pcap", dir.resolve("d.pcap").toString());
    assertThat(j.rc()).isZero();
    assertThat(CliTest.json(j.out()).get("formatVersion").asInt()).isEqualTo(1);
  }

  @Test
  void badOutputOptionsAreBadInput() {
    CliTest.Result r = CliTest.run("run", "backlog-plus-one", "--sample-interval", "10ms");
    assertThat(r.rc()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("--sample-interval: only with --plots or --csv");
    CliTest.Result s = CliTest.run("run", "backlog-plus-one", "--csv", dir.toString(), "--sample-interval", "soon");
    assertThat(s.rc()).isEqualTo(Main.BAD_INPUT);
    assertThat(s.err()).contains("--sample-interval: expected");
    CliTest.Result tiny = CliTest.run("run", "backlog-plus-one", "--csv", dir.toString(), "--sample-interval", "1us");
    assertThat(tiny.rc()).isEqualTo(Main.BAD_INPUT);
    assertThat(tiny.err()).contains("--sample-interval: expected at most 1000000 samples per run");
  }

  @Test
  void sweepShardsAndMerge() throws Exception {
    Path file = dir.resolve("tiny.yaml");
    Files.writeString(file, SCENARIO);
    String[] grid = {"--param", "server.listen.backlog=1,2", "--param", "sysctl.net.ipv4.tcp_abort_on_overflow=0,1",
        "--seeds", "2"};
    CliTest.Result all = CliTest.run(concat(new String[] {"sweep", file.toString(), "--out",
        dir.resolve("all").toString(), "--threads", "2"}, grid));
    assertThat(all.rc()).as(all.err()).isZero();
    assertThat(all.out()).contains("8 runs (8 run now, 0 already done)");
    for (int i = 1; i <= 2; i++) {
      CliTest.Result sh = CliTest.run(concat(new String[] {"sweep", file.toString(), "--out",
          dir.resolve("s" + i).toString(), "--shard", i + "/2"}, grid));
      assertThat(sh.rc()).as(sh.err()).isZero();
    }
    CliTest.Result m = CliTest.run("sweep-merge", "--out", dir.resolve("merged").toString(),
        dir.resolve("s1").toString(), dir.resolve("s2").toString());
    assertThat(m.rc()).as(m.err()).isZero();
    for (String f : new String[] {"runs.csv", "runs.json", "summary.csv", "summary.json"}) {
      assertThat(Files.readString(dir.resolve("merged").resolve(f)))
          .isEqualTo(Files.readString(dir.resolve("all").resolve(f)));
    }
    assertThat(dir.resolve("all").resolve("chart-accepted-vs-server.listen.backlog.png")).exists();
    // Again: nothing left to run.
    CliTest.Result again = CliTest.run(concat(new String[] {"sweep", file.toString(), "--out",
        dir.resolve("all").toString()}, grid));
    assertThat(again.out()).contains("(0 run now, 8 already done)");
  }

  @Test
  void sweepBadInput() throws Exception {
    Path file = dir.resolve("tiny.yaml");
    Files.writeString(file, SCENARIO);
    CliTest.Result v = CliTest.run("sweep", file.toString(), "--out", dir.resolve("o").toString(), "--param",
        "server.listen.backlog=1,abc");
    assertThat(v.rc()).isEqualTo(Main.BAD_INPUT);
    assertThat(v.err()).contains("tiny.yaml:3:", "server.listen.backlog: expected");
    CliTest.Result p = CliTest.run("sweep", file.toString(), "--param", "server.listen.backlog");
    assertThat(p.rc()).isEqualTo(Main.BAD_INPUT);
    assertThat(p.err()).contains("expected PATH=V1,V2");
    CliTest.Result s = CliTest.run("sweep", file.toString(), "--shard", "3/2");
    assertThat(s.rc()).isEqualTo(Main.BAD_INPUT);
    CliTest.Result me = CliTest.run("sweep", file.toString(), "--metric", "nope");
    assertThat(me.rc()).isEqualTo(Main.BAD_INPUT);
    assertThat(me.err()).contains("--metric: expected a metric");
    CliTest.Result mm = CliTest.run("sweep-merge", "--out", dir.resolve("m").toString(), dir.resolve("none").toString());
    assertThat(mm.rc()).isEqualTo(Main.BAD_INPUT);
    assertThat(mm.err()).contains("is not a sweep directory");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

package org.listensim.scenarios.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.listensim.scenarios.ScenarioException;
import org.listensim.scenarios.ScenarioPatch;

/**
 * Sweeps: the same rows on 1 and 2 threads; an interrupted sweep (with a run cut off mid-line)
 * resumed gives exactly the rows of an uninterrupted one; merged shards equal the unsharded sweep.
 */
class SweepTest {
  @TempDir static Path dir;

  static final String SCENARIO = """
      name: small
      duration: 2s
      kernel-random: { synq-hash-rnd: 0 }
      server: { address: 10.0.0.100, listen: { backlog: 5 }, app: { rate: 2/s } }
      clients:
        - { name: web, rate: 20/s, start: 1ms, stop: 1500ms, from: 10.1.0.0/24, delay: "uniform(1ms, 3ms)" }
      """;

  static SweepSpec spec;
  static Path reference;
  static final List<String> METRICS = List.of("accepted", "ListenOverflows", "connect_p99_ms");

  @BeforeAll
  static void uninterrupted() throws Exception {
    spec = new SweepSpec(new ScenarioPatch.Source("small.yaml", SCENARIO, "small"),
        List.of(SweepParam.parse("server.listen.backlog=1,4"),
            SweepParam.parse("sysctl.net.ipv4.tcp_abort_on_overflow=0,1")), 3, null);
    reference = dir.resolve("reference");
    SweepRunner.Result r = SweepRunner.run(spec, Shard.ALL, reference, 1, SweepRunner.Listener.NONE, () -> false);
    assertThat(r.complete()).isTrue();
    assertThat(r.rows()).hasSize(12);
    write(reference, r.rows());
  }

  static void write(Path d, List<SweepRow> rows) throws IOException {
    SweepOutputs.write(d, List.of("server.listen.backlog", "sysctl.net.ipv4.tcp_abort_on_overflow"), rows,
        METRICS, null, null);
  }

  static void assertSameOutputs(Path d) throws IOException {
    for (String f : List.of(SweepOutputs.RUNS_CSV, SweepOutputs.RUNS_JSON, SweepOutputs.SUMMARY_CSV,
        SweepOutputs.SUMMARY_JSON)) {
      assertThat(Files.readString(d.resolve(f))).as(f).isEqualTo(Files.readString(reference.resolve(f)));
    }
  }

  @Test
  void gridIsTheProductInOrderWithSeedsInside() {
    assertThat(spec.points()).containsExactly(
        Map.of("server.listen.backlog", "1", "sysctl.net.ipv4.tcp_abort_on_overflow", "0"),
        Map.of("server.listen.backlog", "1", "sysctl.net.ipv4.tcp_abort_on_overflow", "1"),
        Map.of("server.listen.backlog", "4", "sysctl.net.ipv4.tcp_abort_on_overflow", "0"),
        Map.of("server.listen.backlog", "4", "sysctl.net.ipv4.tcp_abort_on_overflow", "1"));
    assertThat(spec.runs()).extracting(SweepSpec.Run::seed).containsExactly(1L, 2L, 3L, 1L, 2L, 3L, 1L, 2L, 3L,
        1L, 2L, 3L);
  }

  @Test
  void parametersReachTheRuns() throws Exception {
    List<SweepRow> rows = SweepRunner.run(spec, Shard.ALL, reference, 1, SweepRunner.Listener.NONE, () -> false)
        .rows();
    // tcp_abort_on_overflow 1 resets overflowing handshakes (TCPAbortOnSyn... as OutRsts); 0 does not.
    double rstsOff = rows.stream().filter(r -> r.params().get("sysctl.net.ipv4.tcp_abort_on_overflow").equals("0"))
        .mapToDouble(r -> r.metric("reset")).sum();
    double rstsOn = rows.stream().filter(r -> r.params().get("sysctl.net.ipv4.tcp_abort_on_overflow").equals("1"))
        .mapToDouble(r -> r.metric("reset")).sum();
    assertThat(rstsOff).isZero();
    assertThat(rstsOn).isPositive();
    // Different seeds give different runs.
    assertThat(rows.stream().map(SweepRow::digest).distinct().count()).isEqualTo(12);
  }

  @Test
  void oneAndTwoThreadsGiveTheSameRows() throws Exception {
    Path d = dir.resolve("two-threads");
    SweepRunner.Result r = SweepRunner.run(spec, Shard.ALL, d, 2, SweepRunner.Listener.NONE, () -> false);
    write(d, r.rows());
    assertSameOutputs(d);
  }

  @Test
  void interruptedAndResumedGivesTheSameRows() throws Exception {
    Path d = dir.resolve("interrupted");
    AtomicInteger finished = new AtomicInteger();
    SweepRunner.Listener count = new SweepRunner.Listener() {
      @Override
      public void finished(SweepRow row, int done, int total) {
        finished.incrementAndGet();
      }
    };
    SweepRunner.Result first = SweepRunner.run(spec, Shard.ALL, d, 2, count, () -> finished.get() >= 5);
    assertThat(first.complete()).isFalse();
    int done = first.rows().size();
    assertThat(done).isBetween(5, 6);
    // The process died while it wrote the next row: half a line at the end of the file.
    Files.writeString(d.resolve(SweepRunner.RUNS), "{\"key\":\"server.listen.backlog=4;sysctl.net.ip",
        StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    SweepRunner.Result second = SweepRunner.run(spec, Shard.ALL, d, 2, SweepRunner.Listener.NONE, () -> false);
    assertThat(second.complete()).isTrue();
    assertThat(second.skipped()).isEqualTo(done);
    assertThat(second.ran()).isEqualTo(12 - done);
    List<String> lines = Files.readAllLines(d.resolve(SweepRunner.RUNS));
    assertThat(lines).hasSize(12);
    Set<String> keys = new HashSet<>();
    for (String l : lines) {
      assertThat(keys.add(SweepRow.parse(l).key())).as("run written once: " + l).isTrue();
    }
    write(d, second.rows());
    assertSameOutputs(d);

    // Started again when complete: nothing runs.
    SweepRunner.Result third = SweepRunner.run(spec, Shard.ALL, d, 2, SweepRunner.Listener.NONE, () -> false);
    assertThat(third.ran()).isZero();
    assertThat(Files.readAllLines(d.resolve(SweepRunner.RUNS))).hasSize(12);
  }

  @Test
  void mergedShardsEqualTheUnshardedSweep() throws Exception {
    List<Path> shards = List.of(dir.resolve("shard-1"), dir.resolve("shard-2"), dir.resolve("shard-3"));
    int total = 0;
    for (int i = 0; i < 3; i++) {
      SweepRunner.Result r = SweepRunner.run(spec, new Shard(i + 1, 3), shards.get(i), 1,
          SweepRunner.Listener.NONE, () -> false);
      assertThat(r.complete()).isTrue();
      total += r.rows().size();
    }
    assertThat(total).isEqualTo(12);
    assertThatThrownBy(() -> SweepMerge.merge(shards.subList(0, 2), dir.resolve("partial")))
        .isInstanceOf(SweepException.class).hasMessageContaining("missing shard(s) 3/3");
    Path merged = dir.resolve("merged");
    SweepMerge.Merged m = SweepMerge.merge(List.of(shards.get(2), shards.get(0), shards.get(1)), merged);
    assertThat(m.params()).containsExactly("server.listen.backlog", "sysctl.net.ipv4.tcp_abort_on_overflow");
    write(merged, m.rows());
    assertSameOutputs(merged);
    // The merged directory is a complete unsharded sweep: running it again runs nothing.
    assertThat(SweepRunner.run(spec, Shard.ALL, merged, 1, SweepRunner.Listener.NONE, () -> false).ran()).isZero();
  }

  @Test
  void anUntilThatFitsAnIntResumes() throws Exception {
    SweepSpec short2s = new SweepSpec(spec.source(), spec.params().subList(0, 1), 1, 1_000_000_000L);
    Path d = dir.resolve("until");
    assertThat(SweepRunner.run(short2s, Shard.ALL, d, 1, SweepRunner.Listener.NONE, () -> false).ran()).isEqualTo(2);
    assertThat(SweepRunner.run(short2s, Shard.ALL, d, 1, SweepRunner.Listener.NONE, () -> false).ran()).isZero();
  }

  @Test
  void aDirectoryOfAnotherSweepIsRefused() {
    SweepSpec other = new SweepSpec(spec.source(), spec.params(), 4, null);
    assertThatThrownBy(() -> SweepRunner.run(other, Shard.ALL, reference, 1, SweepRunner.Listener.NONE, () -> false))
        .isInstanceOf(SweepException.class).hasMessageContaining("holds another sweep");
  }

  @Test
  void aBadValueGivesTheFilesLocatedError() throws Exception {
    SweepSpec bad = new SweepSpec(spec.source(), List.of(SweepParam.parse("server.listen.backlog=1,lots")), 1, null);
    assertThatThrownBy(() -> SweepRunner.run(bad, Shard.ALL, dir.resolve("bad"), 1, SweepRunner.Listener.NONE,
        () -> false))
        .isInstanceOfSatisfying(ScenarioException.class, e -> {
          assertThat(e.errors()).hasSize(1);
          assertThat(e.errors().get(0).path()).isEqualTo("server.listen.backlog");
          assertThat(e.errors().get(0).message()).startsWith("small.yaml:4:").contains("found");
        });
    assertThat(dir.resolve("bad").resolve(SweepRunner.RUNS)).doesNotExist();
  }

  @Test
  void summaryHasMeanAndStudentTInterval() {
    SweepOutputs.Stat s = SweepOutputs.Stat.of(new double[] {1, 2, 3});
    assertThat(s.mean()).isEqualTo(2.0);
    assertThat(s.stddev()).isEqualTo(1.0);
    // t(0.975, 2 df) = 4.302652729...; half width = t * 1 / sqrt(3)
    assertThat(s.ciHigh() - 2.0).isCloseTo(4.302652729911275 / Math.sqrt(3), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(SweepOutputs.Stat.of(new double[] {5}).ciLow()).isNaN();
  }

  @Test
  void theChartIsAPngAndAnSvg() throws Exception {
    String stem = SweepOutputs.chartName("accepted", "server.listen.backlog");
    assertThat(ImageIO.read(reference.resolve(stem + ".png").toFile())).isNotNull();
    String svg = Files.readString(reference.resolve(stem + ".svg"));
    assertThat(svg).contains("<svg", "sysctl.net.ipv4.tcp_abort_on_overflow=0", "sysctl.net.ipv4.tcp_abort_on_overflow=1");
  }

  @Test
  void valuesWithOneUnitArePlottedByValue() {
    Map<String, Double> m = Map.of("accepted", 1.0);
    List<SweepRow> rows = List.of(
        new SweepRow(0, 0, "a", Map.of("clients[0].rate", "50/s"), 1, m, "d"),
        new SweepRow(1, 1, "b", Map.of("clients[0].rate", "200/s"), 1, m, "d"));
    var c = SweepOutputs.chart(List.of("clients[0].rate"), SweepOutputs.summarize(rows, List.of("accepted")),
        "clients[0].rate", "accepted");
    assertThat(c.getXAxisTitle()).isEqualTo("clients[0].rate (/s)");
    assertThat(c.getSeriesCollection().iterator().next().getXData()).containsExactly(50.0, 200.0);
    List<SweepRow> mixed = List.of(rows.get(0), new SweepRow(1, 1, "b", Map.of("clients[0].rate", "2ms"), 1, m, "d"));
    var c2 = SweepOutputs.chart(List.of("clients[0].rate"), SweepOutputs.summarize(mixed, List.of("accepted")),
        "clients[0].rate", "accepted");
    assertThat(c2.getXAxisTitle()).isEqualTo("clients[0].rate (value index: 50/s, 2ms)");
  }

  @Test
  void csvHasOneRowPerRunInSweepOrder() throws Exception {
    List<String> lines = Files.readAllLines(reference.resolve(SweepOutputs.RUNS_CSV));
    assertThat(lines).hasSize(13);
    assertThat(lines.get(0)).startsWith("position,point,server.listen.backlog,sysctl.net.ipv4.tcp_abort_on_overflow,seed,attempts,");
    assertThat(lines.get(1)).matches("0,0,1,0,1,\\d+,.*,[0-9a-f]{64}");
    assertThat(lines.get(12)).matches("11,3,4,1,3,\\d+,.*,[0-9a-f]{64}");
    List<String> summary = Files.readAllLines(reference.resolve(SweepOutputs.SUMMARY_CSV));
    assertThat(summary).hasSize(5);
    assertThat(summary.get(0)).isEqualTo("point,server.listen.backlog,sysctl.net.ipv4.tcp_abort_on_overflow,n,"
        + "accepted_mean,accepted_stddev,accepted_ci95_low,accepted_ci95_high,"
        + "ListenOverflows_mean,ListenOverflows_stddev,ListenOverflows_ci95_low,ListenOverflows_ci95_high,"
        + "connect_p99_ms_mean,connect_p99_ms_stddev,connect_p99_ms_ci95_low,connect_p99_ms_ci95_high");
  }
}

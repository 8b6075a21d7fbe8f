package org.listensim.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;

/** The runner's own duties, independent of the workload: the listener, options, limits, recording. */
class ScenarioRunnerTest {
  static Scenario load(String yaml) throws ScenarioException {
    return ScenarioLoader.parse("t.yaml", yaml, "t");
  }

  @Test
  void theListenerIsSizedAsListenDecides() throws ScenarioException {
    RunResult r = ScenarioRunner.run(load("duration: 1s\nserver: { listen: { backlog: 1024 } }\n"));
    // somaxconn 128 clamps the backlog; the SYN table is then 256 entries (spec §2.5, row 128).
    assertThat(r.listener()).isEqualTo(new RunResult.ListenerView("10.0.0.1:80", "LISTEN", 0, 128, 0, 0, 256, 8));
    assertThat(r.counters()).hasSize(MibCounter.values().length);
    assertThat(r.simCounters()).hasSize(SimCounter.values().length);
  }

  @Test
  void aNegativeBacklogBecomesSomaxconn() throws ScenarioException {
    RunResult r = ScenarioRunner.run(load(
        "duration: 1s\nsysctl: { net.core.somaxconn: 16 }\nserver: { listen: { backlog: -1 } }\n"));
    assertThat(r.listener().sendQ()).isEqualTo(16);
    assertThat(r.listener().nrTableEntries()).isEqualTo(32);
  }

  @Test
  void aListenTheKernelRefusesIsAScenarioProblem() throws ScenarioException {
    Scenario s = load("duration: 1s\nsysctl: { net.core.somaxconn: -1, net.ipv4.tcp_max_syn_backlog: 2147483647 }\n"
        + "server: { listen: { backlog: 2147483647 } }\n");
    assertThatThrownBy(() -> ScenarioRunner.run(s))
        .isInstanceOf(ScenarioRunException.class)
        .hasMessageStartingWith("listen(fd, 2147483647) failed: ENOMEM");
  }

  @Test
  void seedAndUntilOverrideTheScenario() throws ScenarioException {
    RunResult r = ScenarioRunner.run(load("duration: 10s\nseed: 3\n"), new RunOptions(99L, 2_500_000_000L, null, null));
    assertThat(r.seed()).isEqualTo(99);
    assertThat(r.endNanos()).isEqualTo(2_500_000_000L);
    // jiffies start at 2^32 - 300*HZ; 2.5 s at HZ 1000 later:
    assertThat(r.endJiffies()).isEqualTo((1L << 32) - 300_000 + 2_500);
  }

  @Test
  void progressIsReportedInOrderAndDoesNotChangeTheRun() throws ScenarioException {
    Scenario s = ScenarioLoader.loadBundled("syn-flood");
    List<Long> seen = new ArrayList<>();
    RunResult withProgress = ScenarioRunner.run(s, new RunOptions(null, null, null, (now, end) -> seen.add(now)));
    RunResult without = ScenarioRunner.run(s);
    assertThat(withProgress.digest()).isEqualTo(without.digest());
    assertThat(withProgress).isEqualTo(without);
    assertThat(seen).isSorted().hasSizeLessThanOrEqualTo(201).last().isEqualTo(s.durationNanos());
  }

  @Test
  void theTraceHasOneLinePerDigestedRecord() throws ScenarioException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RunResult r = ScenarioRunner.run(ScenarioLoader.loadBundled("backlog-plus-one"),
        new RunOptions(null, null, out, null));
    assertThat(out.toString(StandardCharsets.UTF_8).lines().count()).isEqualTo(r.traceRecords()).isPositive();
  }

  @Test
  void pinnedIsnsAreTheServersSequenceNumbers() throws ScenarioException {
    Scenario s = ScenarioLoader.loadBundled("accept-queue-overflow-abort");
    Scenario pinned = new Scenario(s.name(), s.description(), s.seed(), s.hz(), s.durationNanos(), s.sysctls(),
        s.pins().withIsn(1000, 1000), s.server(), s.app(), s.clients(), s.floods());
    RunResult r = ScenarioRunner.run(pinned);
    assertThat(r.emitted().stream().filter(e -> e.flags().equals("SA")).map(RunResult.EmittedSegment::seq))
        .containsExactly(1000L, 2000L, 3000L, 4000L, 5000L, 6000L, 7000L, 8000L, 9000L, 10000L);
    // tcp_abort_on_overflow answers clients 7-10 with RST seq = their request's ISN + 1.
    assertThat(r.emitted().stream().filter(e -> e.flags().equals("R")).map(RunResult.EmittedSegment::seq))
        .containsExactly(7001L, 8001L, 9001L, 10001L);
  }

  @Test
  void thePinnedSyncookieSecretDecidesTheCookies() throws ScenarioException {
    Scenario s = ScenarioLoader.loadBundled("syn-flood-syncookies");
    java.util.function.LongFunction<List<Long>> cookies = seed -> ScenarioRunner.run(
            new Scenario(s.name(), s.description(), s.seed(), s.hz(), s.durationNanos(), s.sysctls(),
                s.pins().withSyncookieSecretSeed(seed), s.server(), s.app(), s.clients(), s.floods()))
        .emitted().stream().filter(e -> e.timeNanos() >= 800_000_000L).limit(5)
        .map(RunResult.EmittedSegment::seq).toList();
    assertThat(cookies.apply(1)).isEqualTo(cookies.apply(1)).isNotEqualTo(cookies.apply(2));
  }

  @Test
  void emittedSegmentsKeepEveryHeaderField() {
    TcpSegment seg = new TcpSegment(Ipv4.parse("10.0.0.1"), 80, Ipv4.parse("10.1.0.7"), 40000, -1, 1001,
        TcpFlags.SYN | TcpFlags.ACK, 5840, TcpOptions.mss(1460).withWscale(7).withSackOk(true).withTimestamp(-2, 5), 0);
    assertThat(ScenarioRunner.emitted(7, 4294667297L, seg)).isEqualTo(new RunResult.EmittedSegment(7, 4294667297L,
        "10.0.0.1:80", "10.1.0.7:40000", "SA", 0xffffffffL, 1001, 5840, 0, 1460, 7, true, true, 0xfffffffeL, 5));
  }
}

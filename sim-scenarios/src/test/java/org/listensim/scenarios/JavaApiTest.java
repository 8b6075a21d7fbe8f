package org.listensim.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.listensim.core.SimTime;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.MibCounter;
import org.listensim.scenarios.workload.Arrival;
import org.listensim.scenarios.workload.ClientPopulation;
import org.listensim.scenarios.workload.ServerApp;

/** The Java API builds and runs the same scenario as the YAML file, with the same result. */
class JavaApiTest {
  @Test
  void theBuilderReproducesABundledScenarioExactly() throws ScenarioException {
    Scenario built = Scenario.builder("accept-queue-overflow-abort")
        .description("backlog 5, never accept(), tcp_abort_on_overflow 1 - overflowing ACKs are reset (E2)")
        .seed(1)
        .hz(1000)
        .duration(SimTime.seconds(30))
        .sysctl("net.ipv4.tcp_abort_on_overflow", 1)
        .pins(KernelPins.NONE.withSynqHashRnd(0))
        .server(new ServerConfig(Ipv4.parse("10.0.0.100"), 80, 5, 0))
        .app(new ServerApp(new ServerApp.AcceptPolicy.Never(), List.of(), 0, false))
        .client(new ClientPopulation("web", new Arrival.Constant(SimTime.millis(1), SimTime.millis(110), 10),
            Units.cidr("10.0.0.1/32"), Units.distribution("0"), 0, 0, 0, false))
        .build();
    Scenario loaded = ScenarioLoader.loadBundled("accept-queue-overflow-abort");
    assertThat(built).isEqualTo(loaded);
    RunResult a = ScenarioRunner.run(built);
    RunResult b = ScenarioRunner.run(loaded);
    assertThat(a).isEqualTo(b);
    assertThat(a.counter(MibCounter.EMBRYONIC_RSTS)).isEqualTo(4);
  }

  @Test
  void anotherSeedChangesTheDigestButNotTheKernelRules() throws ScenarioException {
    Scenario s = ScenarioLoader.loadBundled("accept-queue-overflow-abort");
    RunResult one = ScenarioRunner.run(s);
    RunResult other = ScenarioRunner.run(s, new RunOptions(2L, null, null, null));
    assertThat(other.digest()).isNotEqualTo(one.digest());
    assertThat(other.counter(MibCounter.EMBRYONIC_RSTS)).isEqualTo(4);
  }

  @Test
  void formattedDurationsReadBackExactly() {
    qt().forAll(longs().between(0, 100L * 24 * 3600 * SimTime.NANOS_PER_SECOND))
        .check(ns -> Units.duration(Units.formatDuration(ns)) == ns);
  }
}

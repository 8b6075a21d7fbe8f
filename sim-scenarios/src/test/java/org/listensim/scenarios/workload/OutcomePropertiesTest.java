package org.listensim.scenarios.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.Sysctl;
import org.listensim.kernel.Sysctls;

/**
 * Properties of whole runs. On failure QuickTheories prints "Seed was N"; replay with
 * {@code mvn -pl sim-scenarios test -Dtest=OutcomePropertiesTest -DQT_SEED=N}.
 */
class OutcomePropertiesTest {
  static long ms(long v) {
    return v * 1_000_000L;
  }

  static Outcomes run(long seed, int backlog, int clients, int workers, double loss, int syncookies) {
    TestbedFixture f = new TestbedFixture(seed, backlog, new Sysctls().set(Sysctl.TCP_SYNCOOKIES, syncookies));
    f.bed.setServerApp(new ServerApp(new ServerApp.AcceptPolicy.Workers(workers,
        new Distribution("exponential", List.of(2e7))), List.of(new ServerApp.Pause(ms(500), ms(300))), 200, seed % 2 == 0));
    f.bed.addClients(new ClientPopulation("p", new Arrival.Poisson(0, ms(2000), clients),
        new AddressPool(Ipv4.parse("10.1.0.0"), 24), new Distribution("uniform", List.of(1e6, 2e7)),
        loss, loss, 100, seed % 3 != 0));
    f.bed.addClients(new ClientPopulation("q", new Arrival.ClosedLoop(0, ms(3000), 3,
        new Distribution("exponential", List.of(1e8))), new AddressPool(Ipv4.parse("10.2.0.0"), 28),
        Distribution.constant(5e6), loss, 0, 50, true));
    f.sim.runUntil(ms(60_000));
    f.bed.outcomes().finish();
    return f.bed.outcomes();
  }

  @Test
  void everyAttemptEndsInExactlyOneOutcomeAndNoConnectionIsAcceptedTwice() {
    qt().withExamples(12).forAll(longs().between(1, 1_000_000), integers().between(0, 8), integers().between(1, 4),
        integers().between(0, 20)).checkAssert((seed, backlog, workers, lossPct) -> {
          Outcomes o = run(seed, backlog, 40, workers, lossPct / 100.0, 0);
          for (String p : o.populations()) {
            long sum = 0;
            for (Outcome x : Outcome.values()) {
              sum += o.count(p, x);
              assertThat(o.count(p, x)).isNotNegative();
            }
            assertThat(sum).isEqualTo(o.attempts(p));
          }
          List<String> peers = o.acceptedPeers();
          assertThat(new HashSet<>(peers)).hasSameSizeAs(peers);
          assertThat((long) peers.size()).isEqualTo(o.count(Outcome.ACCEPTED));
          assertThat(o.timeToAcceptNanos().getTotalCount()).isEqualTo(o.count(Outcome.ACCEPTED));
        });
  }

  @Test
  void noLossAndAFastApplication_everyClientIsAccepted() {
    qt().withExamples(10).forAll(longs().between(1, 1_000_000), integers().between(5, 60)).checkAssert((seed, n) -> {
      TestbedFixture f = new TestbedFixture(seed, 128, new Sysctls());
      f.bed.setServerApp(new ServerApp(new ServerApp.AcceptPolicy.Workers(16, Distribution.constant(1e6)),
          List.of(), 100, seed % 2 == 0));
      f.bed.addClients(new ClientPopulation("p", new Arrival.Poisson(0, ms(1000), n),
          new AddressPool(Ipv4.parse("10.1.0.0"), 20), new Distribution("exponential", List.of(3e6)), 0, 0, 10, true));
      f.sim.runUntil(ms(30_000));
      Outcomes o = f.bed.outcomes();
      o.finish();
      assertThat(o.count("p", Outcome.ACCEPTED)).isEqualTo(o.attempts("p"));
      assertThat(f.server.mib().get(MibCounter.LISTEN_OVERFLOWS)).isZero();
    });
  }

  @Test
  void aSpoofedFloodAloneNeverYieldsAnAcceptedConnection() {
    qt().withExamples(10).forAll(longs().between(1, 1_000_000), integers().between(0, 1), integers().between(0, 1),
        integers().between(0, 1)).checkAssert((seed, cookies, randomPorts, ts) -> {
          TestbedFixture f = new TestbedFixture(seed, 16, new Sysctls().set(Sysctl.TCP_SYNCOOKIES, cookies));
          f.bed.setServerApp(new ServerApp(new ServerApp.AcceptPolicy.Rate(1000), List.of(), 0, true));
          f.bed.addFlood(new SynFlood("f", 5000, seed % 2 == 0, new AddressPool(Ipv4.parse("198.51.100.0"), 24),
              0, ms(1000), randomPorts == 1, ts == 1, Distribution.constant(1e6)));
          f.sim.runUntil(ms(5_000));
          assertThat(f.bed.outcomes().acceptedPeers()).isEmpty();
          assertThat(f.server.mib().get(MibCounter.PASSIVE_OPENS)).isZero();
          assertThat(f.net.counter(org.listensim.kernel.SimCounter.SEGMENT_TO_UNKNOWN_ADDRESS)).isPositive();
        });
  }
}

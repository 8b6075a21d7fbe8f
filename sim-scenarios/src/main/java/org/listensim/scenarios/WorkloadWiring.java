package org.listensim.scenarios;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.listensim.core.Simulator;
import org.listensim.kernel.SegmentOutput;
import org.listensim.kernel.ipv4.Host;
import org.listensim.kernel.ipv4.TcpSock;
import org.listensim.kernel.net.Network;
import org.listensim.scenarios.workload.Outcome;
import org.listensim.scenarios.workload.Testbed;

/**
 * The single place where a run meets the workload engine: the network, the client populations, the
 * SYN-flood attackers and the server application ({@code workload.Testbed}). Everything else in
 * {@link ScenarioRunner} is independent of it.
 */
final class WorkloadWiring {
  private WorkloadWiring() {}

  /** What the runner asks of an attached workload once the simulated time is up. */
  interface Attached {
    Outcomes finish();

    /** The workload's outcomes so far (live: attempts not ended yet are not counted as pending). */
    org.listensim.scenarios.workload.Outcomes live();
  }

  /** Outcomes as the run result needs them. */
  record Outcomes(
      List<RunResult.PopulationOutcomes> populations,
      List<String> accepted,
      RunResult.Percentiles connectLatency,
      RunResult.Percentiles timeToAccept) {}

  /**
   * Attaches the scenario's network, clients, attackers and application to the server. {@code
   * serverOut} receives the server's segments after the runner has recorded them; the wiring points it
   * at the network.
   */
  static Attached attach(
      Simulator sim, Host server, TcpSock listener, Scenario scenario, Forward serverOut, List<String> notes) {
    Network network = new Network(sim);
    serverOut.to(network.output());
    network.attach(server, scenario.server().address());
    Testbed bed = new Testbed(sim, network, server, listener);
    bed.setServerApp(scenario.app());
    scenario.clients().forEach(bed::addClients);
    scenario.floods().forEach(bed::addFlood);
    return new Attached() {
      @Override
      public org.listensim.scenarios.workload.Outcomes live() {
        return bed.outcomes();
      }

      @Override
      public Outcomes finish() {
        return outcomes(bed);
      }
    };
  }

  private static Outcomes outcomes(Testbed bed) {
    org.listensim.scenarios.workload.Outcomes o = bed.outcomes();
    o.finish();
    List<RunResult.PopulationOutcomes> rows = new ArrayList<>();
    for (String p : o.populations()) {
      Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
      for (Outcome x : Outcome.values()) {
        counts.put(x, o.count(p, x));
      }
      rows.add(new RunResult.PopulationOutcomes(p, o.attempts(p), counts));
    }
    return new Outcomes(rows, o.acceptedPeers(), ScenarioRunner.percentiles(o.connectLatencyNanos()),
        ScenarioRunner.percentiles(o.timeToAcceptNanos()));
  }

  /** A segment output whose target is set after the host exists. */
  static final class Forward implements SegmentOutput {
    private SegmentOutput target = segment -> {};

    void to(SegmentOutput t) {
      this.target = t;
    }

    @Override
    public void transmit(org.listensim.kernel.TcpSegment segment) {
      target.transmit(segment);
    }
  }
}

package org.listensim.scenarios;

import java.util.List;
import org.listensim.core.Simulator;
import org.listensim.kernel.SegmentOutput;
import org.listensim.kernel.ipv4.Host;
import org.listensim.kernel.ipv4.TcpSock;

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
    // The workload engine (org.listensim.kernel.net.Network, workload.Testbed) has not landed yet: the
    // server runs alone and its segments go nowhere.
    serverOut.to(segment -> {});
    if (!scenario.clients().isEmpty() || !scenario.floods().isEmpty()
        || !(scenario.app().accept() instanceof org.listensim.scenarios.workload.ServerApp.AcceptPolicy.Never)) {
      notes.add("clients, attackers and the server application are not simulated in this build:"
          + " the workload engine (Testbed) is not wired yet; only the listener's own state is shown");
    }
    return () -> new Outcomes(List.of(), List.of(), RunResult.Percentiles.EMPTY, RunResult.Percentiles.EMPTY);
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

package org.listensim.scenarios.workload;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.listensim.core.Simulator;
import org.listensim.kernel.KernelClock;
import org.listensim.kernel.Sysctl;
import org.listensim.kernel.Sysctls;
import org.listensim.kernel.ipv4.Host;
import org.listensim.kernel.ipv4.TcpSock;
import org.listensim.kernel.net.Network;

/**
 * A server host with its listener, the client populations and attackers around it, the server
 * application, and the outcomes. Each population is one 2.6.32 client {@link Host} owning its address
 * pool (named {@code clients/<name>}, its clock at the server's HZ), joined to the server by a path
 * {@code clients/<name>} of the network; each attacker is no host at all.
 *
 * <p>Random streams: {@code clients/<name>/arrivals}, {@code clients/<name>/think},
 * {@code net/clients/<name>/delay} (and {@code /loss}), {@code flood/<name>/*}, {@code server/service}.
 */
public final class Testbed {
  final Simulator sim;
  final Network network;
  final Host server;
  final TcpSock listener;
  final Outcomes outcomes = new Outcomes();
  // Looked up by host only, never iterated.
  final Map<Host, ClientPopulationDriver> byHost = new IdentityHashMap<>();
  final List<ClientPopulationDriver> populations = new ArrayList<>();
  private ServerAppDriver app;

  /** A server Host at serverAddress:serverPort with a listener already created by the caller. */
  public Testbed(Simulator sim, Network network, Host server, TcpSock listener) {
    this.sim = sim;
    this.network = network;
    this.server = server;
    this.listener = listener;
    if (listener.localAddress() != 0 && network.ownerOf(listener.localAddress()) == null) {
      network.attach(server, listener.localAddress());
    }
    setServerApp(new ServerApp(new ServerApp.AcceptPolicy.Never(), List.of(), 0, false));
  }

  /** The server's address as clients connect to it: the listener's, else the server's default. */
  int serverAddress() {
    return listener.localAddress() != 0 ? listener.localAddress() : server.defaultAddress();
  }

  /** Creates the population's host and path and schedules its attempts. */
  public void addClients(ClientPopulation population) {
    Sysctls s = new Sysctls().set(Sysctl.TCP_TIMESTAMPS, population.timestamps() ? 1 : 0);
    KernelClock clock = KernelClock.atBoot(sim, server.clock().hz());
    String hostName = "clients/" + population.name();
    Host h = new Host(hostName, clock, s, network.output());
    network.attach(h, population.from().base(), population.from().prefixLength());
    network.addPath(hostName, population.from().base(), population.from().prefixLength(),
        DistributionSampler.of(population.delayNanos(), sim.random().math3("net/" + hostName + "/delay")),
        population.lossToServer(), population.lossFromServer());
    ClientPopulationDriver d = new ClientPopulationDriver(this, population, h, outcomes.addPopulation(population.name()));
    byHost.put(h, d);
    populations.add(d);
    d.start();
  }

  public void addFlood(SynFlood flood) {
    new SynFloodDriver(this, flood).start();
  }

  /** Replaces the application on the listener (default: never accepts). */
  public void setServerApp(ServerApp app) {
    if (this.app != null) {
      this.app.stop();
    }
    this.app = new ServerAppDriver(this, app);
    this.app.start();
  }

  public Simulator sim() {
    return sim;
  }

  public Outcomes outcomes() {
    return outcomes;
  }

  ServerApp serverApp() {
    return app.app;
  }

  /** accept() returned {@code child}: the client attempt it belongs to, if still open, is ACCEPTED. */
  void onAccepted(TcpSock child) {
    Host owner = network.ownerOf(child.remoteAddress());
    ClientPopulationDriver d = owner == null ? null : byHost.get(owner);
    if (d != null) {
      d.onAccepted(child);
    }
  }
}

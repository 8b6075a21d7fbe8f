package org.listensim.scenarios.workload;

import org.listensim.core.Simulator;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.KernelClock;
import org.listensim.kernel.Sysctls;
import org.listensim.kernel.ipv4.Host;
import org.listensim.kernel.ipv4.TcpSock;
import org.listensim.kernel.net.Network;

/** A server 10.0.0.100:80 (HZ 1000) listening with a given backlog, in a testbed. */
final class TestbedFixture {
  static final int SERVER = Ipv4.parse("10.0.0.100");
  final Simulator sim;
  final Network net;
  final Host server;
  final TcpSock listener;
  final Testbed bed;

  TestbedFixture(long seed, int backlog, Sysctls sysctls) {
    sim = new Simulator(seed);
    net = new Network(sim);
    server = new Host("server", KernelClock.atBoot(sim, 1000), sysctls, net.output());
    net.attach(server, SERVER);
    listener = server.socket();
    server.bind(listener, SERVER, 80);
    server.listen(listener, backlog);
    bed = new Testbed(sim, net, server, listener);
  }

  static long ms(long v) {
    return v * 1_000_000L;
  }
}

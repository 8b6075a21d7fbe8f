package org.listensim.scenarios.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.kernel.Sysctls;
import org.listensim.kernel.ipv4.Host;
import org.listensim.kernel.ipv4.TcpSock;

/**
 * The classic experiment: backlog 5 (somaxconn 128), an application that never accepts, 10 clients
 * (10.0.1.1 … 10.0.1.10) connecting 100 ms apart over a 5 ms one-way path, sending nothing.
 */
class ClassicExperimentTest {
  static List<String> states(TestbedFixture f) {
    Host clients = f.net.ownerOf(Ipv4.parse("10.0.1.1"));
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      int addr = Ipv4.parse("10.0.1." + (i - 1));
      TcpSock found = null;
      for (int p = 32768; p <= 61000 && found == null; p++) {
        found = clients.findSocket(addr, p, TestbedFixture.SERVER, 80);
      }
      out.add(found == null ? "none" : found.state().name());
    }
    return out;
  }

  @Test
  void tcpV4SynRecvSock_backlog5NeverAccepts_sixChildrenQueued() {
    TestbedFixture f = new TestbedFixture(1, 5, new Sysctls());
    f.bed.addClients(new ClientPopulation("c", new Arrival.Constant(0, TestbedFixture.ms(100), 10),
        new AddressPool(Ipv4.parse("10.0.1.0"), 28), Distribution.constant(5e6), 0, 0, 0, true));
    f.sim.runUntil(TestbedFixture.ms(1000));
    Host clients = f.net.ownerOf(Ipv4.parse("10.0.1.1"));
    // At 1 s: clients 1-6 are children in the accept queue (backlog + 1); 7 and 8 got a request each and
    // are ESTABLISHED at the client although their ACKs overflowed (ListenOverflows = ListenDrops = 2);
    // 9 and 10 had their SYNs dropped (accept queue full, two young requests) and are in SYN_SENT.
    assertThat(states(f)).containsExactly("ESTABLISHED", "ESTABLISHED", "ESTABLISHED", "ESTABLISHED",
        "ESTABLISHED", "ESTABLISHED", "ESTABLISHED", "ESTABLISHED", "SYN_SENT", "SYN_SENT");
    assertThat(f.listener.ackBacklog()).isEqualTo(6);
    assertThat(f.listener.acceptQueue()).hasSize(6);
    assertThat(f.listener.listenOpt().qlen()).isEqualTo(2);
    assertThat(f.server.mib().get(MibCounter.PASSIVE_OPENS)).isEqualTo(6);
    assertThat(f.server.mib().get(MibCounter.LISTEN_OVERFLOWS)).isEqualTo(2);
    assertThat(f.server.mib().get(MibCounter.LISTEN_DROPS)).isEqualTo(2);
    assertThat(f.server.mib().get(SimCounter.SYN_DROP_ACCEPT_QUEUE_FULL)).isEqualTo(2);
    assertThat(clients.mib().get(MibCounter.ACTIVE_OPENS)).isEqualTo(10);
    assertThat(clients.mib().get(MibCounter.CURR_ESTAB)).isEqualTo(8);
    // At 200 s: the retransmitted SYNs of 9 and 10 (at 3 s dropped again, at 9 s accepted once 7 and 8's
    // requests are no longer young) made every client ESTABLISHED; still 6 children; 7 and 8's requests
    // expired after their 5 SYN-ACK retransmissions; each retransmitted SYN-ACK drew an ACK that overflowed.
    f.sim.runUntil(TestbedFixture.ms(200_000));
    f.bed.outcomes().finish();
    assertThat(states(f)).containsOnly("ESTABLISHED");
    assertThat(f.listener.ackBacklog()).isEqualTo(6);
    assertThat(f.listener.listenOpt().qlen()).isEqualTo(2);
    assertThat(f.server.mib().get(SimCounter.SYN_DROP_ACCEPT_QUEUE_FULL)).isEqualTo(4);
    assertThat(f.server.mib().get(SimCounter.REQUEST_EXPIRED)).isEqualTo(2);
    assertThat(f.server.mib().get(MibCounter.LISTEN_OVERFLOWS)).isEqualTo(24);
    assertThat(f.server.mib().get(MibCounter.PASSIVE_OPENS)).isEqualTo(6);
    assertThat(clients.mib().get(MibCounter.CURR_ESTAB)).isEqualTo(10);
    assertThat(clients.mib().get(MibCounter.ATTEMPT_FAILS)).isZero();
    assertThat(f.bed.outcomes().count("c", Outcome.PENDING)).isEqualTo(10);
    assertThat(f.bed.outcomes().connectLatencyNanos().getTotalCount()).isEqualTo(10);
  }
}

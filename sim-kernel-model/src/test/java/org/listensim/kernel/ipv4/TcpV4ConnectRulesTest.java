package org.listensim.kernel.ipv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.listensim.core.Simulator;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.KernelClock;
import org.listensim.kernel.Sysctl;
import org.listensim.kernel.Sysctls;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpSegment;

/**
 * {@code tcp_v4_connect}, {@code __inet_hash_connect} and {@code secure_tcp_sequence_number} (active-open
 * spec §1.2 to §1.4): the errors connect() returns, the ephemeral port search and the ISN's properties.
 * Most cases use a lone client host whose SYNs go nowhere; the local port range is 32768..61000
 * (28233 ports).
 */
class TcpV4ConnectRulesTest {
  private static final int CLIENT = Ipv4.parse("10.0.1.1");
  private static final int SERVER = Ipv4.parse("10.0.0.100");
  private static final int LOW = 32768;
  private static final int HIGH = 61000;

  /** A client host whose SYNs are recorded and go nowhere. */
  private static final class Lone {
    final Simulator sim = new Simulator(1);
    final List<TcpSegment> out = new ArrayList<>();
    final Host host = new Host("client", KernelClock.atBoot(sim, 1000), new Sysctls(), out::add);

    Lone() {
      host.setDefaultAddress(CLIENT);
    }

    TcpSock connect(int dport) {
      TcpSock sk = host.socket();
      assertThat(host.connect(sk, SERVER, dport)).isZero();
      return sk;
    }

    /** The ISN of a connect from CLIENT:sport to SERVER:dport at time {@code tNanos}; the attempt is then closed. */
    int isnAt(long tNanos, int sport, int dport) {
      if (sim.now() < tNanos) {
        sim.runUntil(tNanos);
      }
      TcpSock sk = host.socket();
      host.bind(sk, CLIENT, sport);
      assertThat(host.connect(sk, SERVER, dport)).isZero();
      TcpSegment syn = out.get(out.size() - 1);
      assertThat(syn.flags()).isEqualTo(TcpFlags.SYN);
      host.close(sk);
      return syn.seq();
    }
  }

  private static int next(int port) {
    return port == HIGH ? LOW : port + 1;
  }

  @Test
  void inetStreamConnect_connectingAgainIsEalready_onceConnectedEisconn() {
    ClientHarness h = new ClientHarness(5);
    TcpSock sk = h.client.socket();
    int[] results = new int[3];
    h.at(0, () -> results[0] = h.client.connect(sk, ClientHarness.SERVER, 80));
    h.at(1, () -> results[1] = h.client.connect(sk, ClientHarness.SERVER, 80));
    h.at(20, () -> results[2] = h.client.connect(sk, ClientHarness.SERVER, 80));
    h.sim.runUntil(20_000_000L);
    assertThat(results).containsExactly(0, -114, -106);
    assertThat(sk.state()).isEqualTo(TcpState.ESTABLISHED);
    assertThat(sk.localAddress()).isEqualTo(Ipv4.parse("10.0.1.0"));
    assertThat(h.from("client").stream().filter(s -> s.seg().flags() == TcpFlags.SYN)).hasSize(1);
  }

  /**
   * Active-open spec §5.4: the client closed first and its TIME_WAIT socket, without timestamps, holds
   * the 4-tuple; connect() from the same bound port fails with EADDRNOTAVAIL, sends nothing, and leaves
   * the socket closed with no destination port. The TIME_WAIT socket is untouched.
   */
  @Test
  void inetHashConnect_boundPortWhoseFourTupleIsInTimeWaitIsEaddrnotavail() {
    ClientHarness h = new ClientHarness(5);
    h.clientSysctls.set(Sysctl.TCP_TIMESTAMPS, 0);
    TcpSock first = h.connectThenClose(true).client();
    assertThat(first.state()).isEqualTo(TcpState.TIME_WAIT);
    int port = first.localPort();
    int sent = h.from("client").size();

    TcpSock second = h.client.socket();
    h.client.bind(second, ClientHarness.CLIENT, port);
    int[] r = new int[1];
    h.at(1000, () -> r[0] = h.client.connect(second, ClientHarness.SERVER, 80));
    h.sim.runUntil(2_000_000_000L);
    assertThat(r[0]).isEqualTo(-99);
    assertThat(second.state()).isEqualTo(TcpState.CLOSE);
    assertThat(second.remotePort()).isZero();
    assertThat(h.from("client")).hasSize(sent);
    assertThat(first.state()).isEqualTo(TcpState.TIME_WAIT);
    assertThat(h.client.findSocket(ClientHarness.CLIENT, port, ClientHarness.SERVER, 80)).isSameAs(first);
    assertThat(h.client.establishedCount()).isEqualTo(1);
  }

  /**
   * hint + i: consecutive connects to one destination get consecutive ports (wrapping from 61000 to
   * 32768); a port a listener holds is skipped, which advances the hint by 2, so the next connect
   * continues right after it.
   */
  @Test
  void inetHashConnect_consecutiveConnectsGetConsecutivePorts() {
    Lone c = new Lone();
    int p1 = c.connect(80).localPort();
    assertThat(p1).isBetween(LOW, HIGH);
    int p2 = c.connect(80).localPort();
    assertThat(p2).isEqualTo(next(p1));
    TcpSock holder = c.host.socket();
    c.host.bind(holder, 0, next(p2));
    assertThat(c.host.listen(holder, 5)).isZero();
    int p3 = c.connect(80).localPort();
    assertThat(p3).isEqualTo(next(next(p2)));
    int p4 = c.connect(80).localPort();
    assertThat(p4).isEqualTo(next(p3));
    assertThat(c.out).extracting(TcpSegment::sport).containsExactly(p1, p2, p3, p4);
    assertThat(c.out).extracting(TcpSegment::saddr).containsOnly(CLIENT);
  }

  /** port_offset is a keyed hash of the destination: a fresh host's first connect to 8 destination ports starts at 8 places. */
  @Test
  void inetHashConnect_theFirstPortDependsOnTheDestination() {
    Set<Integer> first = new HashSet<>();
    for (int dport = 80; dport < 88; dport++) {
      first.add(new Lone().connect(dport).localPort());
    }
    assertThat(first).hasSize(8).allSatisfy(p -> assertThat(p).isBetween(LOW, HIGH));
  }

  /**
   * The search tries all 28233 ports, the last one tried (i = remaining) being the port just before
   * where it starts. With every port but one held by listeners, connect still finds that one; with none
   * left it fails with EADDRNOTAVAIL and sends nothing. After the first connect (closed at once) the
   * hint is 1, so the free port p1 is the last one the second search tries.
   */
  @Test
  void inetHashConnect_triesEveryPortThenFailsWithEaddrnotavail() {
    Lone c = new Lone();
    TcpSock first = c.connect(80);
    int p1 = first.localPort();
    c.host.close(first);
    assertThat(first.state()).isEqualTo(TcpState.CLOSE);
    for (int port = LOW; port <= HIGH; port++) {
      if (port != p1) {
        TcpSock l = c.host.socket();
        c.host.bind(l, 0, port);
        assertThat(c.host.listen(l, 0)).isZero();
      }
    }
    assertThat(c.connect(80).localPort()).isEqualTo(p1);
    TcpSock last = c.host.socket();
    assertThat(c.host.connect(last, SERVER, 80)).isEqualTo(-99);
    assertThat(last.state()).isEqualTo(TcpState.CLOSE);
    assertThat(last.localPort()).isZero();
    assertThat(c.out).hasSize(2);
    assertThat(c.host.establishedCount()).isEqualTo(1);
  }

  /** Ports are 0..65535; 0 leaves the choice to connect(). */
  @Test
  void bind_portZeroLeavesTheChoiceToConnect_65535IsAValidPort() {
    Lone c = new Lone();
    TcpSock any = c.host.socket();
    c.host.bind(any, CLIENT, 0);
    assertThat(c.host.connect(any, SERVER, 80)).isZero();
    assertThat(any.localPort()).isBetween(LOW, HIGH);
    TcpSock top = c.host.socket();
    c.host.bind(top, CLIENT, 65535);
    assertThat(c.host.connect(top, SERVER, 80)).isZero();
    assertThat(c.out.get(1).sport()).isEqualTo(65535);
    assertThatThrownBy(() -> c.host.bind(c.host.socket(), CLIENT, 65536)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.host.bind(c.host.socket(), CLIENT, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Within one 300-s key period the ISN of a 4-tuple grows by one unit per 64 ns: 1.5 s later, by 23 437 500. */
  @Test
  void secureTcpSequenceNumber_growsOneUnitPer64Nanoseconds() {
    Lone c = new Lone();
    int isn1 = c.isnAt(10_000_000_000L, 5000, 80);
    int isn2 = c.isnAt(11_500_000_000L, 5000, 80);
    assertThat(isn2 - isn1).isEqualTo(23_437_500);
  }

  /**
   * At one instant, 4-tuples differing only in source or destination port get ISNs that differ by
   * their hash terms alone: not equal, and less than 2^24 apart (the hash is 24 bits).
   */
  @Test
  void secureTcpSequenceNumber_eachFourTupleHasItsOwn24BitOffset() {
    Lone c = new Lone();
    long t = 10_000_000_000L;
    int base = c.isnAt(t, 5000, 80);
    for (int[] other : new int[][] {{5001, 80}, {5000, 81}, {6000, 8080}}) {
      int d = c.isnAt(t, other[0], other[1]) - base;
      assertThat(d).as("sport %d dport %d", other[0], other[1]).isNotZero();
      assertThat(Math.abs(d)).isLessThan(1 << 24);
    }
  }

  /**
   * Every 300 s the key changes and the count in the top byte adds 2^24, so across a rekey each
   * 4-tuple's ISN, less the clock's advance, jumps forward by 1 .. 2^25 − 1 (spec §1.4, property 3).
   */
  @Test
  void secureTcpSequenceNumber_aRekeyMovesEveryIsnForward() {
    Lone c = new Lone();
    int[] before = new int[8];
    for (int k = 0; k < 8; k++) {
      before[k] = c.isnAt(299_000_000_000L, 5000 + k, 80);
    }
    for (int k = 0; k < 8; k++) {
      int jump = c.isnAt(301_000_000_000L, 5000 + k, 80) - before[k] - 31_250_000;
      assertThat(jump).as("sport %d", 5000 + k).isBetween(1, (1 << 25) - 1);
    }
  }
}

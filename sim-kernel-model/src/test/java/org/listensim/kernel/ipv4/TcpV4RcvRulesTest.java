package org.listensim.kernel.ipv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.listensim.kernel.ipv4.ListenHarness.ms;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.listensim.core.Simulator;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.KernelClock;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.kernel.Sysctl;
import org.listensim.kernel.Sysctls;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;

/**
 * {@code tcp_v4_rcv}, {@code tcp_v4_do_rcv} and the early rules of {@code tcp_v4_conn_request}
 * (listen-path spec §3.1, §3.2, §3.6, §5.2) with the server of {@link ListenHarness}.
 */
class TcpV4RcvRulesTest {
  private static final int C = Ipv4.parse("10.0.0.3");
  private static final int S = 0x50000000;

  private static TcpSegment lastSent(ListenHarness h) {
    return h.sent.get(h.sent.size() - 1).seg();
  }

  /**
   * No socket for the port: a SYN is answered RST|ACK (ack = seq + 1) and counted as sim.SynNoListener;
   * an ACK gets a bare RST at its ack number, a FIN RST|ACK for seq + 1, and neither is a SYN for that
   * count.
   */
  @Test
  void tcpV4Rcv_noListenerAnswersWithRstAndCountsOnlySyns() {
    ListenHarness h = new ListenHarness();
    h.listen(5);
    h.at(ms(1), new TcpSegment(C, 40000, ListenHarness.SERVER, 81, 7000, 0, TcpFlags.SYN, 5840, TcpOptions.NONE, 0));
    h.at(ms(2), new TcpSegment(C, 40001, ListenHarness.SERVER, 81, 7000, 9000, TcpFlags.ACK, 5840, TcpOptions.NONE, 0));
    h.at(ms(3), new TcpSegment(C, 40002, ListenHarness.SERVER, 81, 8000, 0, TcpFlags.FIN, 5840, TcpOptions.NONE, 0));
    h.runUntil(ms(3));
    assertThat(h.sent).hasSize(3);
    assertThat(h.sent.get(0).seg().flags()).isEqualTo(TcpFlags.RST | TcpFlags.ACK);
    assertThat(h.sent.get(0).seg().ack()).isEqualTo(7001);
    assertThat(h.sent.get(1).seg().flags()).isEqualTo(TcpFlags.RST);
    assertThat(h.sent.get(1).seg().seq()).isEqualTo(9000);
    assertThat(h.sent.get(2).seg().flags()).isEqualTo(TcpFlags.RST | TcpFlags.ACK);
    assertThat(h.sent.get(2).seg().ack()).isEqualTo(8001);
    assertThat(h.host.mib().get(SimCounter.SYN_NO_LISTENER)).isEqualTo(1);
    assertThat(h.get(MibCounter.OUT_RSTS)).isEqualTo(3);
    assertThat(h.get(MibCounter.IN_SEGS)).isEqualTo(3);
  }

  /** Rule 1: a SYN whose destination is multicast (224/4) or the broadcast address is dropped without a reply. */
  @Test
  void tcpV4ConnRequest_synToMulticastOrBroadcastIsDroppedSilently() {
    ListenHarness h = new ListenHarness();
    h.listen(5);
    int k = 0;
    for (String dst : new String[] {"224.0.0.1", "239.255.255.250", "255.255.255.255"}) {
      h.at(ms(++k), new TcpSegment(C, 40000 + k, Ipv4.parse(dst), 80, 7000, 0, TcpFlags.SYN, 5840, TcpOptions.NONE, 0));
    }
    h.at(ms(10), new TcpSegment(C, 40009, ListenHarness.SERVER, 80, 7000, 0, TcpFlags.SYN, 5840, TcpOptions.NONE, 0));
    h.runUntil(ms(10));
    assertThat(h.sent).hasSize(1);
    assertThat(h.sent.get(0).seg().dport()).isEqualTo(40009);
    assertThat(h.host.mib().get(SimCounter.SYN_DROP_BROADCAST)).isEqualTo(3);
    assertThat(h.lopt().qlen()).isEqualTo(1);
    assertThat(h.get(MibCounter.IN_SEGS)).isEqualTo(4);
  }

  /**
   * Rule 5: a cookie SYN without a timestamp loses SACK and window scaling (nowhere to encode them), but
   * keeps its MSS; its SYN-ACK offers neither, and no request is kept.
   */
  @Test
  void tcpV4ConnRequest_cookieSynWithoutTimestampLosesSackAndWindowScaling() {
    ListenHarness h = new ListenHarness();
    h.sysctls.set(Sysctl.TCP_SYNCOOKIES, 1);
    h.listen(5);
    for (int i = 1; i <= 16; i++) {
      h.at(ms(i), ListenHarness.syn(Ipv4.parse("198.51.100." + i), 20000, i, TcpOptions.NONE));
    }
    h.at(ms(20), ListenHarness.syn(C, 40000, 5000, TcpOptions.mss(1460).withSackOk(true).withWscale(7)));
    h.runUntil(ms(20));
    TcpSegment sa = lastSent(h);
    assertThat(sa.daddr()).isEqualTo(C);
    assertThat(sa.flags()).isEqualTo(TcpFlags.SYN | TcpFlags.ACK);
    assertThat(sa.options().mss()).isEqualTo(1460);
    assertThat(sa.options().sackOk()).isFalse();
    assertThat(sa.options().wscale()).isEqualTo(-1);
    assertThat(sa.options().timestamp()).isFalse();
    assertThat(h.get(MibCounter.SYNCOOKIES_SENT)).isEqualTo(1);
    assertThat(h.host.mib().get(SimCounter.SYN_COOKIE_SENT)).isEqualTo(1);
    assertThat(h.lopt().qlen()).isEqualTo(16);
  }

  /**
   * tcp_v4_do_rcv: when the state handler asks for a reset, tcp_v4_send_reset answers the segment. A
   * client in SYN_SENT receiving a SYN-ACK that acknowledges ISS + 5 instead of ISS + 1 sends RST with
   * seq = that ack and stays in SYN_SENT.
   */
  @Test
  void tcpV4DoRcv_aResetAskedByTheStateHandlerIsSentForTheSegment() {
    Simulator sim = new Simulator(1);
    List<TcpSegment> out = new ArrayList<>();
    Host client = new Host("client", KernelClock.atBoot(sim, 1000), new Sysctls(), out::add);
    client.setIsnSource((a, b, c, d) -> 0x10000000);
    client.setDefaultAddress(C);
    TcpSock sk = client.socket();
    assertThat(client.connect(sk, ListenHarness.SERVER, 80)).isZero();
    int port = sk.localPort();
    client.receive(new TcpSegment(ListenHarness.SERVER, 80, C, port, S, 0x10000005, TcpFlags.SYN | TcpFlags.ACK,
        5840, TcpOptions.mss(1460), 0));
    assertThat(out).hasSize(2);
    TcpSegment rst = out.get(1);
    assertThat(rst.flags()).isEqualTo(TcpFlags.RST);
    assertThat(rst.seq()).isEqualTo(0x10000005);
    assertThat(rst.dport()).isEqualTo(80);
    assertThat(sk.state()).isEqualTo(TcpState.SYN_SENT);
    assertThat(client.mib().get(MibCounter.OUT_RSTS)).isEqualTo(1);
  }

  /**
   * Once a child exists for a 4-tuple, every later segment of that 4-tuple goes to it: 100 connections
   * from 10.0.1.i:40000 (i = 1..100) each send i bytes, and each child has received exactly its own;
   * then each client resets its connection and the children leave the established table one by one.
   */
  @Test
  void tcpV4Rcv_everySegmentReachesTheChildOfItsOwnFourTuple() {
    ListenHarness h = new ListenHarness();
    h.listen(128);
    for (int i = 1; i <= 100; i++) {
      h.client(Ipv4.parse("10.0.1." + i), 40000, 1000 * i, ms(i));
    }
    h.runUntil(ms(200));
    assertThat(h.host.establishedCount()).isEqualTo(100);
    assertThat(h.listener.ackBacklog()).isEqualTo(100);
    for (int i = 1; i <= 100; i++) {
      h.at(ms(200 + i), new TcpSegment(Ipv4.parse("10.0.1." + i), 40000, ListenHarness.SERVER, 80, 1000 * i + 1, S + 1,
          TcpFlags.ACK | TcpFlags.PSH, 46, TcpOptions.NONE, i));
    }
    h.runUntil(ms(400));
    for (int i = 1; i <= 100; i++) {
      TcpSock child = h.host.findSocket(ListenHarness.SERVER, 80, Ipv4.parse("10.0.1." + i), 40000);
      assertThat(child.bytesReceived()).as("10.0.1.%d", i).isEqualTo(i);
      assertThat(child.rcvNxt()).isEqualTo(1000 * i + 1 + i);
    }
    for (int i = 1; i <= 100; i++) {
      h.at(ms(400 + i), new TcpSegment(Ipv4.parse("10.0.1." + i), 40000, ListenHarness.SERVER, 80, 1000 * i + 1 + i, 0,
          TcpFlags.RST, 0, TcpOptions.NONE, 0));
    }
    h.runUntil(ms(450));
    assertThat(h.host.establishedCount()).isEqualTo(50);
    assertThat(h.host.findSocket(ListenHarness.SERVER, 80, Ipv4.parse("10.0.1.50"), 40000)).isNull();
    assertThat(h.host.findSocket(ListenHarness.SERVER, 80, Ipv4.parse("10.0.1.51"), 40000).state())
        .isEqualTo(TcpState.ESTABLISHED);
    h.runUntil(ms(500));
    assertThat(h.host.establishedCount()).isZero();
    assertThat(h.get(MibCounter.ESTAB_RESETS)).isEqualTo(100);
  }
}

package org.listensim.kernel.ipv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.listensim.kernel.ipv4.ListenHarness.ms;
import static org.listensim.kernel.ipv4.ListenHarness.s;

import org.junit.jupiter.api.Test;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.kernel.Sysctl;
import org.listensim.kernel.TcpOptions;

/** {@code tcp_v4_conn_request} under a SYN flood with syncookies off: worked example E3, and the last-quarter rule. */
class SynFloodTest {

  /**
   * The k-th attack SYN (k from 1) comes from 198.51.100.x:p with x cycling through 1..250 and p
   * counting up from 20000 at each cycle, so no source repeats.
   */
  private static void flood(ListenHarness h, long until) {
    for (int k = 1; ms(50L * (k - 1)) <= until; k++) {
      int x = (k - 1) % 250 + 1;
      int port = 20000 + (k - 1) / 250;
      h.at(ms(50L * (k - 1)), ListenHarness.syn(Ipv4.parse("198.51.100." + x), port, k, TcpOptions.NONE));
    }
  }

  /**
   * E3: backlog 5 (table 16), one attack SYN every 50 ms; a legitimate client at 10.003 s never gets
   * in. Every listen counter stays 0; only InSegs sees the dropped SYNs.
   */
  @Test
  void tcpV4ConnRequest_synQueueFullDropsSilently_E3() {
    ListenHarness h = new ListenHarness();
    h.listen(5);
    flood(h, ms(59950));
    ListenHarness.Peer legit = h.client(Ipv4.parse("10.0.0.1"), 40000, 1000, ms(10003));
    h.runUntil(ms(750));
    assertThat(h.lopt().qlen()).isEqualTo(16);
    h.runUntil(ms(800));
    assertThat(h.host.mib().get(SimCounter.SYN_DROP_SYN_QUEUE_FULL)).isEqualTo(1);
    h.runUntil(ms(4800));
    assertThat(h.lopt().qlenYoung()).isZero();
    h.runUntil(ms(22599));
    assertThat(h.host.mib().get(SimCounter.REQUEST_EXPIRED)).isZero();
    h.runUntil(ms(22600));
    // The first expiry (198.51.100.6) and, in the same jiffy, the attack SYN that takes its slot.
    assertThat(h.host.mib().get(SimCounter.REQUEST_EXPIRED)).isEqualTo(1);
    assertThat(h.lopt().qlen()).isEqualTo(16);
    assertThat(h.lopt().qlenYoung()).isEqualTo(1);

    h.runUntil(ms(31003));
    assertThat(legit.synsSent).isEqualTo(3);
    assertThat(legit.synAcks).isZero();
    assertThat(h.get(MibCounter.IN_SEGS)).isEqualTo(624);
    assertThat(h.host.mib().get(SimCounter.SYN_REQUEST_QUEUED)).isEqualTo(21);
    assertThat(h.get(MibCounter.OUT_SEGS)).isEqualTo(69);
    for (MibCounter c : new MibCounter[] {MibCounter.LISTEN_OVERFLOWS, MibCounter.LISTEN_DROPS,
        MibCounter.SYNCOOKIES_SENT, MibCounter.SYNCOOKIES_RECV, MibCounter.SYNCOOKIES_FAILED,
        MibCounter.EMBRYONIC_RSTS, MibCounter.OUT_RSTS}) {
      assertThat(h.get(c)).as(c.kernelName()).isZero();
    }
    assertThat(h.host.mib().get(SimCounter.SYN_DROP_SYN_QUEUE_FULL)).isEqualTo(624 - 21);
  }

  /**
   * The last quarter of tcp_max_syn_backlog, syncookies off: with tcp_max_syn_backlog 16 a SYN is
   * refused once 16 − qlen < 16 >> 2 = 4, i.e. at qlen 13. backlog 16 gives a 32-entry table, so the
   * table is not what stops it.
   */
  @Test
  void tcpV4ConnRequest_lastQuarterOfMaxSynBacklog() {
    ListenHarness h = new ListenHarness();
    h.sysctls.set(Sysctl.TCP_MAX_SYN_BACKLOG, 16);
    h.listen(16);
    assertThat(h.lopt().nrTableEntries()).isEqualTo(32);
    for (int i = 1; i <= 20; i++) {
      h.at(ms(i), ListenHarness.syn(Ipv4.parse("198.51.100." + i), 20000, i, TcpOptions.NONE));
    }
    h.runUntil(ms(100));
    assertThat(h.lopt().qlen()).isEqualTo(13);
    assertThat(h.host.mib().get(SimCounter.SYN_DROP_LAST_QUARTER)).isEqualTo(7);
    assertThat(h.get(MibCounter.OUT_SEGS)).isEqualTo(13);
  }

  /** With syncookies on, the last-quarter rule does not apply: the table fills to its size. */
  @Test
  void tcpV4ConnRequest_lastQuarterIsSkippedWithSyncookiesOn() {
    ListenHarness h = new ListenHarness();
    h.sysctls.set(Sysctl.TCP_MAX_SYN_BACKLOG, 16);
    h.sysctls.set(Sysctl.TCP_SYNCOOKIES, 1);
    h.listen(16);
    for (int i = 1; i <= 20; i++) {
      h.at(ms(i), ListenHarness.syn(Ipv4.parse("198.51.100." + i), 20000, i, TcpOptions.NONE));
    }
    h.runUntil(ms(100));
    assertThat(h.lopt().qlen()).isEqualTo(20);
    assertThat(h.host.mib().get(SimCounter.SYN_DROP_LAST_QUARTER)).isZero();
  }

  /**
   * E7: a SYN that a TIME_WAIT socket hands on with an ISN skips the SYN-queue-full test, so qlen can
   * exceed the table size; the ISN given is used.
   */
  @Test
  void tcpV4ConnRequest_timeWaitIsnSkipsTheFullTest_E7() {
    ListenHarness h = new ListenHarness();
    h.listen(5);
    for (int i = 1; i <= 16; i++) {
      h.at(ms(i), ListenHarness.syn(Ipv4.parse("198.51.100." + i), 20000, i, TcpOptions.NONE));
    }
    h.atDo(s(1), () -> h.host.tcpIpv4.tcpV4DoRcv(h.listener,
        ListenHarness.syn(Ipv4.parse("10.0.0.7"), 40000, 8000, TcpOptions.NONE), 155537));
    h.runUntil(s(1));
    assertThat(h.lopt().qlen()).isEqualTo(17);
    var synack = h.sentTo(Ipv4.parse("10.0.0.7")).get(0).seg();
    assertThat(synack.seq()).isEqualTo(155537);
    assertThat(synack.ack()).isEqualTo(8001);
  }
}

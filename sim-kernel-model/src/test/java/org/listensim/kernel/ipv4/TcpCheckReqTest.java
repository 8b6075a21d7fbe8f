package org.listensim.kernel.ipv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.listensim.kernel.ipv4.ListenHarness.ms;
import static org.listensim.kernel.ipv4.ListenHarness.s;

import org.junit.jupiter.api.Test;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.Sysctl;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;

/**
 * {@code tcp_check_req} and the listener's answers to stray segments: worked example E8. Client C =
 * 10.0.0.3:40000 sent SYN seq 5000 (no options) at 0; the server's ISN is S = 0x50000000; each case
 * applies one segment at 0.500.
 */
class TcpCheckReqTest {
  private static final int C = Ipv4.parse("10.0.0.3");
  private static final int S = 0x50000000;

  private static ListenHarness withRequest() {
    ListenHarness h = new ListenHarness();
    h.listen(5);
    h.at(0, ListenHarness.syn(C, 40000, 5000, TcpOptions.NONE));
    h.runUntil(0);
    assertThat(h.lopt().qlen()).isEqualTo(1);
    return h;
  }

  private static TcpSegment seg(int flags, int seq, int ack) {
    return new TcpSegment(C, 40000, ListenHarness.SERVER, 80, seq, ack, flags, 5840, TcpOptions.NONE, 0);
  }

  private static TcpSegment lastSent(ListenHarness h) {
    return h.sent.get(h.sent.size() - 1).seg();
  }

  @Test
  void tcpCheckReq_duplicateSynResendsTheSynack() {
    ListenHarness h = withRequest();
    h.at(ms(500), seg(TcpFlags.SYN, 5000, 0));
    h.runUntil(ms(500));
    assertThat(h.sent).hasSize(2);
    assertThat(lastSent(h).flags()).isEqualTo(TcpFlags.SYN | TcpFlags.ACK);
    assertThat(lastSent(h).seq()).isEqualTo(S);
    assertThat(lastSent(h).ack()).isEqualTo(5001);
    var req = h.host.icsk.inetCskSearchReq(h.listener, 40000, C, ListenHarness.SERVER);
    assertThat(req.retrans()).isZero();
    assertThat(req.expires() - h.clock.initialJiffies()).isEqualTo(3000);
    assertThat(h.lopt().qlenYoung()).isEqualTo(1);
    assertThat(h.get(MibCounter.OUT_SEGS)).isEqualTo(2);
  }

  @Test
  void tcpCheckReq_badAckNumberIsAnsweredWithRstAtThatAck() {
    ListenHarness h = withRequest();
    h.at(ms(500), seg(TcpFlags.ACK, 5001, S + 100));
    h.runUntil(ms(500));
    assertThat(lastSent(h).flags()).isEqualTo(TcpFlags.RST);
    assertThat(lastSent(h).seq()).isEqualTo(S + 100);
    assertThat(h.lopt().qlen()).isEqualTo(1);
    assertThat(h.get(MibCounter.OUT_RSTS)).isEqualTo(1);
    assertThat(h.get(MibCounter.OUT_SEGS)).isEqualTo(2);
  }

  @Test
  void tcpCheckReq_rstInWindowRemovesTheRequest() {
    ListenHarness h = withRequest();
    h.at(ms(500), seg(TcpFlags.RST, 5001, 0));
    h.runUntil(ms(500));
    assertThat(h.sent).hasSize(1);
    assertThat(h.lopt().qlen()).isZero();
    assertThat(h.listener.synTimerPending()).isFalse();
    assertThat(h.get(MibCounter.ATTEMPT_FAILS)).isEqualTo(1);
    assertThat(h.get(MibCounter.EMBRYONIC_RSTS)).isEqualTo(1);
  }

  @Test
  void tcpCheckReq_newSynInsideTheWindowResetsTheRequest() {
    ListenHarness h = withRequest();
    h.at(ms(500), seg(TcpFlags.SYN, 9000, 0));
    h.runUntil(ms(500));
    assertThat(lastSent(h).flags()).isEqualTo(TcpFlags.RST | TcpFlags.ACK);
    assertThat(lastSent(h).seq()).isZero();
    assertThat(lastSent(h).ack()).isEqualTo(9001);
    assertThat(h.lopt().qlen()).isZero();
    assertThat(h.get(MibCounter.ATTEMPT_FAILS)).isEqualTo(1);
    assertThat(h.get(MibCounter.EMBRYONIC_RSTS)).isEqualTo(1);
    assertThat(h.get(MibCounter.OUT_RSTS)).isEqualTo(1);
  }

  @Test
  void tcpCheckReq_synOutsideTheWindowGetsAnAckForTheOldIsn() {
    ListenHarness h = withRequest();
    h.at(ms(500), seg(TcpFlags.SYN, 20000, 0));
    h.runUntil(ms(500));
    assertThat(lastSent(h).flags()).isEqualTo(TcpFlags.ACK);
    assertThat(lastSent(h).seq()).isEqualTo(S + 1);
    assertThat(lastSent(h).ack()).isEqualTo(5001);
    assertThat(lastSent(h).window()).isEqualTo(5840);
    assertThat(h.lopt().qlen()).isEqualTo(1);
    assertThat(h.get(MibCounter.OUT_SEGS)).isEqualTo(2);
  }

  @Test
  void tcpCheckReq_ackWithTheAcceptQueueFullLeavesTheRequestAcked() {
    ListenHarness h = new ListenHarness();
    h.listen(0);
    // One child fills a backlog-0 accept queue (capacity 1).
    h.at(0, ListenHarness.syn(Ipv4.parse("10.0.0.1"), 40000, 1000, TcpOptions.NONE));
    h.atDo(0, () -> h.host.receive(ListenHarness.ack(Ipv4.parse("10.0.0.1"), 40000, 1001, S + 1)));
    h.at(0, ListenHarness.syn(C, 40000, 5000, TcpOptions.NONE));
    h.at(ms(500), seg(TcpFlags.ACK, 5001, S + 1));
    h.runUntil(ms(500));
    assertThat(h.listener.ackBacklog()).isEqualTo(1);
    var req = h.host.icsk.inetCskSearchReq(h.listener, 40000, C, ListenHarness.SERVER);
    assertThat(req.acked()).isTrue();
    assertThat(h.get(MibCounter.LISTEN_OVERFLOWS)).isEqualTo(1);
    assertThat(h.get(MibCounter.LISTEN_DROPS)).isEqualTo(1);
    assertThat(h.get(MibCounter.OUT_RSTS)).isZero();
  }

  @Test
  void tcpV4SendReset_strayAckWithSyncookiesOffGetsRstAtItsAck() {
    ListenHarness h = withRequest();
    h.at(ms(500), new TcpSegment(Ipv4.parse("10.0.0.9"), 5555, ListenHarness.SERVER, 80, 1, 12345,
        TcpFlags.ACK, 100, TcpOptions.NONE, 0));
    h.runUntil(ms(500));
    assertThat(lastSent(h).daddr()).isEqualTo(Ipv4.parse("10.0.0.9"));
    assertThat(lastSent(h).flags()).isEqualTo(TcpFlags.RST);
    assertThat(lastSent(h).seq()).isEqualTo(12345);
    assertThat(lastSent(h).window()).isZero();
    assertThat(lastSent(h).options().isEmpty()).isTrue();
  }

  @Test
  void tcpRcvStateProcess_listenerDropsRstAndFlaglessSegments() {
    ListenHarness h = withRequest();
    int other = Ipv4.parse("10.0.0.9");
    h.at(ms(500), new TcpSegment(other, 5555, ListenHarness.SERVER, 80, 1, 0, TcpFlags.RST, 0, TcpOptions.NONE, 0));
    h.at(ms(501), new TcpSegment(other, 5555, ListenHarness.SERVER, 80, 1, 0, 0, 0, TcpOptions.NONE, 0));
    h.at(ms(502), new TcpSegment(other, 5555, ListenHarness.SERVER, 80, 1, 0, TcpFlags.FIN, 0, TcpOptions.NONE, 0));
    h.runUntil(ms(502));
    assertThat(h.sent).hasSize(1);
    assertThat(h.get(MibCounter.IN_SEGS)).isEqualTo(4);
  }

  @Test
  void tcpV4SendReset_synToAClosedPortGetsRstAck() {
    ListenHarness h = withRequest();
    h.at(ms(500), new TcpSegment(C, 40001, ListenHarness.SERVER, 81, 7000, 0, TcpFlags.SYN, 5840, TcpOptions.NONE, 0));
    h.runUntil(ms(500));
    assertThat(lastSent(h).flags()).isEqualTo(TcpFlags.RST | TcpFlags.ACK);
    assertThat(lastSent(h).seq()).isZero();
    assertThat(lastSent(h).ack()).isEqualTo(7001);
  }

  /** PAWS on a request: a TSval older than the SYN's is rejected with an ACK and PAWSEstab +1. */
  @Test
  void tcpCheckReq_pawsRejectsAnOlderTimestamp() {
    ListenHarness h = new ListenHarness();
    h.listen(5);
    h.at(0, ListenHarness.syn(C, 40000, 5000, TcpOptions.mss(1460).withTimestamp(1000, 0)));
    h.at(ms(500), new TcpSegment(C, 40000, ListenHarness.SERVER, 80, 5001, S + 1, TcpFlags.ACK, 46,
        TcpOptions.NONE.withTimestamp(999, 0), 0));
    h.runUntil(ms(500));
    assertThat(h.get(MibCounter.PAWS_ESTAB)).isEqualTo(1);
    assertThat(lastSent(h).flags()).isEqualTo(TcpFlags.ACK);
    assertThat(lastSent(h).options().tsecr()).isEqualTo(1000);
    assertThat(h.lopt().qlen()).isEqualTo(1);
    assertThat(h.get(MibCounter.PASSIVE_OPENS)).isZero();
  }

  /** The SYN-ACK carries the route's MSS and, with timestamps, window 5792 and scale 7. */
  @Test
  void tcpMakeSynack_optionsOf2632() {
    ListenHarness h = new ListenHarness();
    h.listen(5);
    h.at(0, ListenHarness.syn(C, 40000, 5000,
        TcpOptions.mss(536).withSackOk(true).withTimestamp(77, 0).withWscale(9)));
    h.runUntil(0);
    TcpSegment sa = lastSent(h);
    assertThat(sa.options().mss()).isEqualTo(1460);
    assertThat(sa.options().wscale()).isEqualTo(7);
    assertThat(sa.options().sackOk()).isTrue();
    assertThat(sa.options().tsval()).isEqualTo(h.clock.tcpTimeStamp());
    assertThat(sa.options().tsecr()).isEqualTo(77);
    assertThat(sa.window()).isEqualTo(5792);
    var req = h.host.icsk.inetCskSearchReq(h.listener, 40000, C, ListenHarness.SERVER);
    assertThat(req.mss()).isEqualTo(536);

    h.sysctls.set(Sysctl.TCP_TIMESTAMPS, 0);
    h.at(ms(1), ListenHarness.syn(Ipv4.parse("10.0.0.4"), 40000, 5000, TcpOptions.mss(1460).withTimestamp(77, 0)));
    h.runUntil(ms(1));
    assertThat(lastSent(h).options().timestamp()).isFalse();
    assertThat(lastSent(h).window()).isEqualTo(5840);
  }

  @Test
  void tcpV4SynRecvSock_goodAckQueuesAnEstablishedChild() {
    ListenHarness h = withRequest();
    h.at(ms(500), new TcpSegment(C, 40000, ListenHarness.SERVER, 80, 5001, S + 1, TcpFlags.ACK | TcpFlags.PSH,
        46, TcpOptions.NONE, 100));
    h.runUntil(s(1));
    assertThat(h.lopt().qlen()).isZero();
    TcpSock child = h.listener.acceptQueue().get(0);
    assertThat(child.state()).isEqualTo(TcpState.ESTABLISHED);
    assertThat(child.bytesReceived()).isEqualTo(100);
    assertThat(child.rcvNxt()).isEqualTo(5101);
    // The data is acknowledged at once.
    assertThat(lastSent(h).flags()).isEqualTo(TcpFlags.ACK);
    assertThat(lastSent(h).ack()).isEqualTo(5101);
    assertThat(h.get(MibCounter.PASSIVE_OPENS)).isEqualTo(1);
    assertThat(h.get(MibCounter.CURR_ESTAB)).isEqualTo(1);
  }
}

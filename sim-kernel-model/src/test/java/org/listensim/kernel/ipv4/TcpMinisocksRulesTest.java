package org.listensim.kernel.ipv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.listensim.kernel.ipv4.ListenHarness.ms;
import static org.listensim.kernel.ipv4.ListenHarness.s;

import org.junit.jupiter.api.Test;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;

/**
 * {@code tcp_openreq_init}, {@code tcp_check_req} and {@code tcp_create_openreq_child} (listen-path spec
 * §5.1, §6, §7): what a request records, the sequence window, the timestamp rules and the child's state.
 *
 * <p>Client C = 10.0.0.3:40000 (bucket 15 of a 16-entry table with hash_rnd 0) sends SYN seq 5000 at 0;
 * the server's ISN is S = 0x50000000. Without timestamps the request's window is 5840 (4 × 1460), so the
 * window is [5001, 10841]. The listener timer's first tick is at 3.000 and reaches bucket 15 at 4.400,
 * then every 1.6 s: the retransmissions fall at 4.4, 10.8, 23.6, 47.6 and 95.6 s (retrans 1 to 5).
 */
class TcpMinisocksRulesTest {
  private static final int C = Ipv4.parse("10.0.0.3");
  private static final int S = 0x50000000;

  private static TcpSegment fromC(int flags, int seq, int ack, TcpOptions o, int payload) {
    return new TcpSegment(C, 40000, ListenHarness.SERVER, 80, seq, ack, flags, 5840, o, payload);
  }

  private static ListenHarness withRequest(TcpOptions synOptions) {
    ListenHarness h = new ListenHarness();
    h.listen(5);
    h.at(0, ListenHarness.syn(C, 40000, 5000, synOptions));
    h.runUntil(0);
    return h;
  }

  private static RequestSock request(ListenHarness h) {
    return h.host.icsk.inetCskSearchReq(h.listener, 40000, C, ListenHarness.SERVER);
  }

  private static TcpSegment lastSent(ListenHarness h) {
    return h.sent.get(h.sent.size() - 1).seg();
  }

  @Test
  void tcpOpenreqInit_theRequestRecordsTheSynAndTheFirstSynackChoosesItsWindow() {
    ListenHarness h = withRequest(TcpOptions.mss(1400).withTimestamp(77, 0));
    h.at(ms(1), ListenHarness.syn(Ipv4.parse("10.0.0.4"), 40000, 7000, TcpOptions.NONE));
    h.runUntil(ms(1));
    RequestSock req = request(h);
    assertThat(req.peer()).isEqualTo("10.0.0.3:40000");
    assertThat(req.rmtAddr()).isEqualTo(C);
    assertThat(req.rmtPort()).isEqualTo(40000);
    assertThat(req.rcvIsn()).isEqualTo(5000);
    assertThat(req.sntIsn()).isEqualTo(S);
    assertThat(req.mss()).isEqualTo(1400);
    assertThat(req.tsRecent()).isEqualTo(77);
    // advmss 1460 less the 12 timestamp bytes: 4 × 1448.
    assertThat(req.rcvWnd()).isEqualTo(5792);
    assertThat(req.acked()).isFalse();
    assertThat(req.retrans()).isZero();
    assertThat(req.expires() - h.host.clock().initialJiffies()).isEqualTo(3000);
    RequestSock other = h.host.icsk.inetCskSearchReq(h.listener, 40000, Ipv4.parse("10.0.0.4"), ListenHarness.SERVER);
    assertThat(other.tsRecent()).isZero();
    assertThat(other.rcvWnd()).isEqualTo(5840);
    assertThat(other.id()).isNotEqualTo(req.id());
  }

  /**
   * PAWS on a request estimates ts_recent's age as 3 s << retrans: a RST with an older TSval is refused
   * while that is under TCP_PAWS_MSL (retrans 4: 48 s; PAWSEstab +1, nothing sent) and accepted from
   * retrans 5 (96 s): the request is reset (AttemptFails, EmbryonicRsts) and no RST answers a RST.
   */
  @Test
  void tcpCheckReq_rstWithAnOlderTimestampPassesPawsOnceRetransReachesFive() {
    ListenHarness h = withRequest(TcpOptions.mss(1460).withTimestamp(1000, 0));
    h.at(s(60), fromC(TcpFlags.RST, 5001, 0, TcpOptions.NONE.withTimestamp(999, 0), 0));
    h.runUntil(s(60));
    assertThat(request(h).retrans()).isEqualTo(4);
    assertThat(h.get(MibCounter.PAWS_ESTAB)).isEqualTo(1);
    assertThat(h.lopt().qlen()).isEqualTo(1);
    assertThat(h.sent).hasSize(5);

    h.at(s(100), fromC(TcpFlags.RST, 5001, 0, TcpOptions.NONE.withTimestamp(999, 0), 0));
    h.runUntil(s(99));
    assertThat(request(h).retrans()).isEqualTo(5);
    h.runUntil(s(100));
    assertThat(h.lopt().qlen()).isZero();
    assertThat(h.listener.synTimerPending()).isFalse();
    assertThat(h.get(MibCounter.PAWS_ESTAB)).isEqualTo(1);
    assertThat(h.get(MibCounter.ATTEMPT_FAILS)).isEqualTo(1);
    assertThat(h.get(MibCounter.EMBRYONIC_RSTS)).isEqualTo(1);
    assertThat(h.host.mib().get(SimCounter.REQUEST_RESET)).isEqualTo(1);
    assertThat(h.sent).extracting(ListenHarness.Sent::t)
        .containsExactly(0L, ms(4400), ms(10800), ms(23600), ms(47600), ms(95600));
    assertThat(h.get(MibCounter.OUT_RSTS)).isZero();
  }

  /** tcp_in_window: an empty segment exactly at the right edge (5001 + 5840) is in the window. */
  @Test
  void tcpInWindow_bareAckAtTheRightEdgeCreatesTheChild() {
    ListenHarness h = withRequest(TcpOptions.NONE);
    h.at(ms(500), fromC(TcpFlags.ACK, 10841, S + 1, TcpOptions.NONE, 0));
    h.runUntil(ms(500));
    assertThat(h.lopt().qlen()).isZero();
    assertThat(h.listener.acceptQueue()).extracting(TcpSock::peer).containsExactly("10.0.0.3:40000");
    assertThat(h.listener.acceptQueue().get(0).state()).isEqualTo(TcpState.ESTABLISHED);
    assertThat(h.get(MibCounter.PASSIVE_OPENS)).isEqualTo(1);
    assertThat(h.host.mib().get(SimCounter.REQUEST_TO_CHILD)).isEqualTo(1);
    assertThat(h.sent).hasSize(1);
  }

  /**
   * Outside the window: one byte starting at the right edge, or an ACK at rcv_isn (just left of it). Each
   * gets the request's ACK (seq S+1, ack 5001, window 5840 unscaled) and changes nothing.
   */
  @Test
  void tcpInWindow_segmentsOutsideTheWindowGetTheRequestsAck() {
    ListenHarness h = withRequest(TcpOptions.NONE);
    h.at(ms(500), fromC(TcpFlags.ACK | TcpFlags.PSH, 10841, S + 1, TcpOptions.NONE, 1));
    h.at(ms(600), fromC(TcpFlags.ACK, 5000, S + 1, TcpOptions.NONE, 0));
    h.runUntil(ms(600));
    assertThat(h.sent).hasSize(3);
    for (ListenHarness.Sent a : h.sent.subList(1, 3)) {
      assertThat(a.seg().flags()).isEqualTo(TcpFlags.ACK);
      assertThat(a.seg().seq()).isEqualTo(S + 1);
      assertThat(a.seg().ack()).isEqualTo(5001);
      assertThat(a.seg().window()).isEqualTo(5840);
    }
    assertThat(h.lopt().qlen()).isEqualTo(1);
    assertThat(h.listener.ackBacklog()).isZero();
    assertThat(h.get(MibCounter.PASSIVE_OPENS)).isZero();
    assertThat(h.get(MibCounter.OUT_SEGS)).isEqualTo(3);
  }

  /**
   * The TSval of an in-window segment that starts no later than rcv_isn + 1 becomes the request's
   * ts_recent, even when TCP_DEFER_ACCEPT then swallows it; one starting later does not. The SYN-ACK
   * the timer sends at 10.8 s (the first with retrans ≥ defer − 1 = 1) echoes it.
   */
  @Test
  void tcpCheckReq_aDeferredAckStillUpdatesTheRequestsTsRecent() {
    ListenHarness h = new ListenHarness();
    h.listen(5);
    h.host.setDeferAccept(h.listener, 5);
    h.at(0, ListenHarness.syn(C, 40000, 5000, TcpOptions.mss(1460).withTimestamp(1000, 0)));
    h.at(ms(500), fromC(TcpFlags.ACK, 5001, S + 1, TcpOptions.NONE.withTimestamp(1500, 0), 0));
    h.at(ms(600), fromC(0, 5002, 0, TcpOptions.NONE.withTimestamp(2000, 0), 1));
    h.runUntil(ms(600));
    RequestSock req = request(h);
    assertThat(req.acked()).isTrue();
    assertThat(req.tsRecent()).isEqualTo(1500);
    assertThat(h.host.mib().get(SimCounter.ACK_DEFERRED)).isEqualTo(1);
    assertThat(h.sent).hasSize(1);
    h.runUntil(s(11));
    assertThat(h.sent).extracting(ListenHarness.Sent::t).containsExactly(0L, ms(10800));
    assertThat(lastSent(h).options().tsecr()).isEqualTo(1500);
    assertThat(h.listener.ackBacklog()).isZero();
  }

  /**
   * A SYN|ACK at rcv_isn carrying data overlaps the window; its SYN is dropped (it lies before the
   * window) and the rest is a valid ACK: the child is created, no embryonic reset.
   */
  @Test
  void tcpCheckReq_synAtTheOldIsnIsIgnoredAndTheAckCreatesTheChild() {
    ListenHarness h = withRequest(TcpOptions.NONE);
    h.at(ms(500), fromC(TcpFlags.SYN | TcpFlags.ACK, 5000, S + 1, TcpOptions.NONE, 10));
    h.runUntil(ms(500));
    assertThat(h.listener.acceptQueue()).extracting(TcpSock::peer).containsExactly("10.0.0.3:40000");
    assertThat(h.get(MibCounter.PASSIVE_OPENS)).isEqualTo(1);
    assertThat(h.get(MibCounter.ATTEMPT_FAILS)).isZero();
    assertThat(h.get(MibCounter.EMBRYONIC_RSTS)).isZero();
    assertThat(h.get(MibCounter.OUT_RSTS)).isZero();
  }

  /** In-window segments without ACK (a bare FIN, a flagless data segment) are dropped silently. */
  @Test
  void tcpCheckReq_segmentWithoutAckIsDroppedSilently() {
    ListenHarness h = withRequest(TcpOptions.NONE);
    h.at(ms(500), fromC(TcpFlags.FIN, 5001, 0, TcpOptions.NONE, 0));
    h.at(ms(600), fromC(0, 5001, 0, TcpOptions.NONE, 100));
    h.runUntil(ms(600));
    assertThat(h.sent).hasSize(1);
    assertThat(h.lopt().qlen()).isEqualTo(1);
    assertThat(request(h).acked()).isFalse();
    assertThat(h.listener.ackBacklog()).isZero();
    assertThat(h.get(MibCounter.PASSIVE_OPENS)).isZero();
    assertThat(h.get(MibCounter.ATTEMPT_FAILS)).isZero();
  }

  /**
   * The child takes the request's ISNs, window and options: rcv_nxt 5001, snd_nxt = write_seq = S+1,
   * snd_wnd = the ACK's window << snd_wscale, mss_clamp = the peer's MSS, and mss_cache = min(advmss,
   * mss_clamp) less 12 timestamp bytes (tcp_sync_mss; the ACK's window is large enough not to bound it).
   */
  @Test
  void tcpCreateOpenreqChild_takesTheRequestsSequenceNumbersWindowAndOptions() {
    ListenHarness h = withRequest(TcpOptions.mss(1400).withSackOk(true).withTimestamp(1000, 0).withWscale(2));
    h.at(ms(500), fromC(TcpFlags.ACK, 5001, S + 1, TcpOptions.NONE.withTimestamp(1001, 0), 0));
    h.runUntil(ms(500));
    TcpSock child = h.listener.acceptQueue().get(0);
    assertThat(child.localAddress()).isEqualTo(ListenHarness.SERVER);
    assertThat(child.localPort()).isEqualTo(80);
    assertThat(child.remoteAddress()).isEqualTo(C);
    assertThat(child.remotePort()).isEqualTo(40000);
    assertThat(child.iss()).isEqualTo(S);
    assertThat(child.irs()).isEqualTo(5000);
    assertThat(child.sndUna()).isEqualTo(S + 1);
    assertThat(child.sndNxt()).isEqualTo(S + 1);
    assertThat(child.writeSeq()).isEqualTo(S + 1);
    assertThat(child.rcvNxt()).isEqualTo(5001);
    assertThat(child.rcvWnd()).isEqualTo(5792);
    assertThat(child.sndWnd()).isEqualTo(5840 << 2);
    assertThat(child.tstampOk()).isTrue();
    assertThat(child.sackOk()).isTrue();
    assertThat(child.wscaleOk()).isTrue();
    assertThat(child.sndWscale()).isEqualTo(2);
    assertThat(child.rcvWscale()).isEqualTo(7);
    assertThat(child.mssClamp()).isEqualTo(1400);
    assertThat(child.mssCache()).isEqualTo(1388);
    assertThat(child.tsRecent()).isEqualTo(1001);
    assertThat(child.rto()).isEqualTo(3000);
  }

  /** Without options: MSS 536 (the default clamp), no timestamps, so mss_cache 536, window 5840, no scaling. */
  @Test
  void tcpCreateOpenreqChild_withoutOptionsTheChildHasTheDefaults() {
    ListenHarness h = withRequest(TcpOptions.NONE);
    h.at(ms(500), fromC(TcpFlags.ACK, 5001, S + 1, TcpOptions.NONE, 0));
    h.runUntil(ms(500));
    TcpSock child = h.listener.acceptQueue().get(0);
    assertThat(child.tstampOk()).isFalse();
    assertThat(child.sackOk()).isFalse();
    assertThat(child.wscaleOk()).isFalse();
    assertThat(child.sndWscale()).isZero();
    assertThat(child.rcvWscale()).isZero();
    assertThat(child.mssClamp()).isEqualTo(536);
    assertThat(child.mssCache()).isEqualTo(536);
    assertThat(child.rcvWnd()).isEqualTo(5840);
    assertThat(child.sndWnd()).isEqualTo(5840);
    assertThat(child.tsRecent()).isZero();
  }
}

package org.listensim.kernel.ipv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.listensim.kernel.ipv4.ScriptedServer.IRS;
import static org.listensim.kernel.ipv4.ScriptedServer.ISS;
import static org.listensim.kernel.ipv4.ScriptedServer.J0;
import static org.listensim.kernel.ipv4.ScriptedServer.PEER_TS;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.listensim.core.trace.TraceRecord;
import org.listensim.kernel.KernelTrace;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.Sysctl;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;

/**
 * Receive-side rules of net/ipv4/tcp_input.c (2.6.32.9) on a client whose server is a script
 * ({@link ScriptedServer}): HZ 1000, the client connects at 0 with ISS 0x10000000, the server answers with
 * ISN 0x50000000. Unless a test says otherwise the default SYN-ACK (MSS 1460, SACK, TS val 7000000 ecr
 * J0, wscale 7, window 5840) arrives at 10 ms: RTT 10 → srtt 80, rttvar 200, RTO 210; ts_recent
 * 7000000; rcv_nxt IRS+1; mss_cache 1460 − 12 = 1448; the final ACK goes at once with window field 46.
 */
class TcpInputRulesTest {

  static final int DATA = TcpFlags.ACK | TcpFlags.PSH;

  // ---- tcp_rcv_synsent_state_process --------------------------------------------------------------

  /** §2.4/§2.6: the final ACK (seq ISS+1, ack IRS+1, win 46, TSecr = the SYN-ACK's TSval), OutSegs 2. */
  @Test
  void tcpRcvSynsentStateProcess_synAckEstablishesAndFinalAckEchoesItsTsval() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    TcpSock sk = h.sk;
    assertThat(sk.state()).isEqualTo(TcpState.ESTABLISHED);
    assertThat(h.sent).hasSize(2);
    TcpSegment ack = h.sent.get(1).seg();
    assertThat(h.sent.get(1).ms()).isEqualTo(10);
    assertThat(ack.flags()).isEqualTo(TcpFlags.ACK);
    assertThat(ack.seq()).isEqualTo(ISS + 1);
    assertThat(ack.ack()).isEqualTo(IRS + 1);
    assertThat(ack.window()).isEqualTo(46);
    assertThat(ack.options().tsval()).isEqualTo((int) J0 + 10);
    assertThat(ack.options().tsecr()).isEqualTo(PEER_TS);
    assertThat(sk.tsRecent()).isEqualTo(PEER_TS);
    // snd_wnd is the SYN-ACK's window field unscaled; SACK was offered by both.
    assertThat(sk.sndWnd()).isEqualTo(5840);
    assertThat(sk.sackOk()).isTrue();
    assertThat(sk.sndUna()).isEqualTo(ISS + 1);
    assertThat(sk.rto()).isEqualTo(210);
    // Nothing outstanding: the retransmit timer is cleared.
    assertThat(sk.xmitTimerPending()).isFalse();
    assertThat(h.mib(MibCounter.OUT_SEGS)).isEqualTo(2);
    assertThat(h.mib(MibCounter.ACTIVE_OPENS)).isEqualTo(1);
    assertThat(h.mib(MibCounter.CURR_ESTAB)).isEqualTo(1);
    assertThat(h.app.events).containsExactly("10 connected");
  }

  /** A SYN-ACK without SACK-permitted leaves SACK off even though the SYN offered it. */
  @Test
  void tcpRcvSynsentStateProcess_sackOnlyWhenBothOffered() {
    ScriptedServer h = new ScriptedServer();
    h.connect();
    h.at(10, h.synAck(TcpOptions.mss(1460).withTimestamp(PEER_TS, (int) J0).withWscale(7)));
    h.runUntilMs(10);
    assertThat(h.sk.state()).isEqualTo(TcpState.ESTABLISHED);
    assertThat(h.sk.sackOk()).isFalse();
  }

  /** §2.1 A.4: an acceptable ACK without SYN in SYN_SENT is dropped: no reply, still SYN_SENT. */
  @Test
  void tcpRcvSynsentStateProcess_bareAckOfOurSynIsDropped() {
    ScriptedServer h = new ScriptedServer();
    h.connect();
    h.at(10, h.ack(IRS + 1, ISS + 1));
    h.runUntilMs(20);
    assertThat(h.sk.state()).isEqualTo(TcpState.SYN_SENT);
    assertThat(h.sent).hasSize(1);
    assertThat(h.mib(MibCounter.OUT_RSTS)).isZero();
  }

  /** §2.1 B.4: without ACK, anything but a SYN is dropped (here a FIN): no RST. */
  @Test
  void tcpRcvSynsentStateProcess_segmentWithoutAckIsDropped() {
    ScriptedServer h = new ScriptedServer();
    h.connect();
    h.at(10, h.seg(IRS, 0, TcpFlags.FIN, 5840, TcpOptions.NONE, 0));
    h.runUntilMs(20);
    assertThat(h.sk.state()).isEqualTo(TcpState.SYN_SENT);
    assertThat(h.sent).hasSize(1);
  }

  /** §2.1 A.1: a SYN-ACK acknowledging anything but ISS+1 draws a RST at its ack number. */
  @Test
  void tcpRcvSynsentStateProcess_wrongAckDrawsRstAtThatAck() {
    ScriptedServer h = new ScriptedServer();
    h.connect();
    h.at(10, h.seg(IRS, ISS + 5, TcpFlags.SYN | TcpFlags.ACK, 5840, TcpOptions.mss(1460), 0));
    h.runUntilMs(20);
    assertThat(h.sk.state()).isEqualTo(TcpState.SYN_SENT);
    assertThat(h.sent).hasSize(2);
    TcpSegment rst = h.sent.get(1).seg();
    assertThat(rst.flags()).isEqualTo(TcpFlags.RST);
    assertThat(rst.seq()).isEqualTo(ISS + 5);
    assertThat(h.mib(MibCounter.OUT_RSTS)).isEqualTo(1);
  }

  /** §2.1 A.2: TSecr must lie in [retrans_stamp, now]; one from the future is PAWSActive and a RST. */
  @Test
  void tcpRcvSynsentStateProcess_tsecrFromTheFutureIsPawsActive() {
    for (int tsecr : new int[] {(int) J0 + 500, (int) J0 - 1}) {
      ScriptedServer h = new ScriptedServer();
      h.connect();
      h.at(10, h.synAck(TcpOptions.mss(1460).withTimestamp(PEER_TS, tsecr)));
      h.runUntilMs(20);
      assertThat(h.mib(MibCounter.PAWS_ACTIVE_REJECTED)).as("tsecr %d", tsecr).isEqualTo(1);
      assertThat(h.sk.state()).isEqualTo(TcpState.SYN_SENT);
      TcpSegment rst = h.sent.get(1).seg();
      assertThat(rst.flags()).isEqualTo(TcpFlags.RST);
      assertThat(rst.seq()).isEqualTo(ISS + 1);
    }
  }

  /** TSecr = now is in range: accepted, RTT sample 0 counts as 1 → srtt 8, RTO 1 + 200 = 201. */
  @Test
  void tcpRcvSynsentStateProcess_tsecrEqualToNowIsAccepted() {
    ScriptedServer h = new ScriptedServer();
    h.connect();
    h.at(10, h.synAck(TcpOptions.mss(1460).withTimestamp(PEER_TS, (int) J0 + 10)));
    h.runUntilMs(20);
    assertThat(h.mib(MibCounter.PAWS_ACTIVE_REJECTED)).isZero();
    assertThat(h.sk.state()).isEqualTo(TcpState.ESTABLISHED);
    assertThat(h.sk.srtt()).isEqualTo(8);
    assertThat(h.sk.rto()).isEqualTo(201);
  }

  /** TSecr 0 is not checked; with no echo the sample is the SYN's own age, 10 ms → RTO 210. */
  @Test
  void tcpRcvSynsentStateProcess_zeroTsecrSkipsTheCheckAndSamplesTheSyn() {
    ScriptedServer h = new ScriptedServer();
    h.connect();
    h.at(10, h.synAck(TcpOptions.mss(1460).withTimestamp(PEER_TS, 0)));
    h.runUntilMs(20);
    assertThat(h.mib(MibCounter.PAWS_ACTIVE_REJECTED)).isZero();
    assertThat(h.sk.state()).isEqualTo(TcpState.ESTABLISHED);
    assertThat(h.sk.srtt()).isEqualTo(80);
    assertThat(h.sk.rto()).isEqualTo(210);
  }

  // ---- tcp_parse_options --------------------------------------------------------------------------

  /** An MSS option of 0 is ignored: mss_clamp stays tcp_v4_connect's 536, mss_cache 536 − 12. */
  @Test
  void tcpParseOptions_zeroMssIsIgnored() {
    ScriptedServer h = new ScriptedServer();
    h.connect();
    h.at(10, h.synAck(TcpOptions.mss(0).withTimestamp(PEER_TS, (int) J0)));
    h.runUntilMs(10);
    assertThat(h.sk.mssClamp()).isEqualTo(536);
    assertThat(h.sk.mssCache()).isEqualTo(524);
  }

  /**
   * TCP_MAXSEG 1000: the SYN advertises 1000 with window 4 × 1000; the peer's 1460 is clamped to 1000
   * (mss_cache 988); a SYN-ACK without MSS keeps tcp_connect_init's clamp, the user MSS.
   */
  @Test
  void tcpParseOptions_userMssClampsThePeersMss() {
    ScriptedServer h = new ScriptedServer();
    h.connect(1000);
    h.at(10, h.synAck());
    h.runUntilMs(10);
    TcpSegment syn = h.sent.get(0).seg();
    assertThat(syn.options().mss()).isEqualTo(1000);
    assertThat(syn.window()).isEqualTo(4000);
    assertThat(h.sk.mssClamp()).isEqualTo(1000);
    assertThat(h.sk.mssCache()).isEqualTo(988);

    ScriptedServer n = new ScriptedServer();
    n.connect(1000);
    n.at(10, n.synAck(TcpOptions.NONE.withTimestamp(PEER_TS, (int) J0).withWscale(7)));
    n.runUntilMs(10);
    assertThat(n.sk.mssClamp()).isEqualTo(1000);
    assertThat(n.sk.mssCache()).isEqualTo(988);

    ScriptedServer lower = new ScriptedServer();
    lower.connect(1000);
    lower.at(10, lower.synAck(TcpOptions.mss(900)));
    lower.runUntilMs(10);
    assertThat(lower.sk.mssClamp()).isEqualTo(900);
    assertThat(lower.sk.mssCache()).isEqualTo(900);
  }

  /**
   * __tcp_select_window rounds the window up to a multiple of 2^rcv_wscale only when it is not one:
   * TCP_MAXSEG 1024 gives rcv_wnd 4096 = 32 × 128, so the final ACK's field is exactly 32.
   */
  @Test
  void tcpSelectWindow_windowAlreadyAMultipleOfTheScaleIsNotRoundedUp() {
    ScriptedServer h = new ScriptedServer();
    h.connect(1024);
    h.at(10, h.synAck());
    h.runUntilMs(10);
    assertThat(h.sent.get(0).seg().window()).isEqualTo(4096);
    assertThat(h.sent.get(1).seg().window()).isEqualTo(32);
  }

  /** A window scale option of 0 still turns scaling on: our window stays scaled by 7 (field 46). */
  @Test
  void tcpParseOptions_windowScaleZeroStillEnablesScaling() {
    ScriptedServer h = new ScriptedServer();
    h.connect();
    h.at(10, h.synAck(TcpOptions.mss(1460).withTimestamp(PEER_TS, (int) J0).withWscale(0)));
    h.runUntilMs(10);
    assertThat(h.sk.wscaleOk()).isTrue();
    assertThat(h.sk.sndWscale()).isZero();
    assertThat(h.sk.rcvWscale()).isEqualTo(7);
    assertThat(h.sent.get(1).seg().window()).isEqualTo(46);

    ScriptedServer none = new ScriptedServer();
    none.connect();
    none.at(10, none.synAck(TcpOptions.mss(1460).withTimestamp(PEER_TS, (int) J0)));
    none.runUntilMs(10);
    assertThat(none.sk.wscaleOk()).isFalse();
    assertThat(none.sk.rcvWscale()).isZero();
    assertThat(none.sent.get(1).seg().window()).isEqualTo(5840);
  }

  /** A scale above 14 is used as 14, with one rate-limited klog line; 14 itself is legal and silent. */
  @Test
  void tcpParseOptions_windowScaleAbove14IsClampedWithAKlogLine() {
    List<TraceRecord> trace = new ArrayList<>();
    ScriptedServer h = new ScriptedServer((t, r) -> trace.add(r));
    h.connect();
    h.at(10, h.synAck(TcpOptions.mss(1460).withTimestamp(PEER_TS, (int) J0).withWscale(15)));
    h.at(20, h.seg(IRS + 1, ISS + 1, TcpFlags.ACK, 1, TcpOptions.NONE.withTimestamp(PEER_TS, (int) J0 + 10), 0));
    h.runUntilMs(20);
    assertThat(h.sk.sndWscale()).isEqualTo(14);
    assertThat(h.sk.sndWnd()).isEqualTo(1 << 14);
    assertThat(trace.stream().filter(r -> r instanceof KernelTrace.Klog).toList()).containsExactly(
        new KernelTrace.Klog("client", "info", "tcp_parse_options: Illegal window scaling value 15 >14 received."));

    List<TraceRecord> trace14 = new ArrayList<>();
    ScriptedServer f = new ScriptedServer((t, r) -> trace14.add(r));
    f.connect();
    f.at(10, f.synAck(TcpOptions.mss(1460).withTimestamp(PEER_TS, (int) J0).withWscale(14)));
    f.runUntilMs(10);
    assertThat(f.sk.sndWscale()).isEqualTo(14);
    assertThat(trace14).noneMatch(r -> r instanceof KernelTrace.Klog);
  }

  // ---- tcp_validate_incoming: PAWS, sequence window, RST, ts_recent, SYN ----------------------------

  /** A data segment whose TSval is 2 behind ts_recent fails PAWS: PAWSEstab +1, a duplicate ACK, no data. */
  @Test
  void tcpPawsDiscard_tsvalTwoBehindTsRecentIsDroppedWithDupAck() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    h.at(20, h.data(IRS + 1, 100, PEER_TS - 2));
    h.runUntilMs(30);
    assertThat(h.mib(MibCounter.PAWS_ESTAB)).isEqualTo(1);
    assertThat(h.sk.bytesReceived()).isZero();
    assertThat(h.sk.state()).isEqualTo(TcpState.ESTABLISHED);
    List<ScriptedServer.Sent> out = h.sentFrom(20);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).seg().flags()).isEqualTo(TcpFlags.ACK);
    assertThat(out.get(0).seg().ack()).isEqualTo(IRS + 1);
    assertThat(out.get(0).seg().options().tsecr()).isEqualTo(PEER_TS);
    assertThat(h.mib(MibCounter.OUT_SEGS)).isEqualTo(3);
    assertThat(h.mib(MibCounter.OUT_RSTS)).isZero();
  }

  /**
   * TCP_PAWS_WINDOW is 1: a TSval 1 behind passes and the data is taken, but tcp_replace_ts_recent keeps
   * the newer ts_recent (it stores only a TSval not older than it), so the ACK still echoes 7000000.
   */
  @Test
  void tcpReplaceTsRecent_tsvalOneBehindIsAcceptedButDoesNotReplaceTsRecent() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    h.at(20, h.data(IRS + 1, 100, PEER_TS - 1));
    h.runUntilMs(30);
    assertThat(h.mib(MibCounter.PAWS_ESTAB)).isZero();
    assertThat(h.sk.bytesReceived()).isEqualTo(100);
    assertThat(h.sk.tsRecent()).isEqualTo(PEER_TS);
    TcpSegment ack = h.sentFrom(20).get(0).seg();
    assertThat(ack.ack()).isEqualTo(IRS + 101);
    assertThat(ack.options().tsecr()).isEqualTo(PEER_TS);
  }

  /** In-order data with a newer TSval moves ts_recent; an out-of-order segment (seq after rcv_nxt) does not. */
  @Test
  void tcpReplaceTsRecent_onlyInOrderSegmentsUpdateTsRecent() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    h.at(20, h.data(IRS + 101, 100, PEER_TS + 9));
    h.at(30, h.data(IRS + 1, 100, PEER_TS + 5));
    h.runUntilMs(40);
    List<ScriptedServer.Sent> out = h.sentFrom(20);
    assertThat(out).hasSize(2);
    // Out of order: a duplicate ACK, ts_recent unchanged, nothing delivered.
    assertThat(out.get(0).ms()).isEqualTo(20);
    assertThat(out.get(0).seg().ack()).isEqualTo(IRS + 1);
    assertThat(out.get(0).seg().options().tsecr()).isEqualTo(PEER_TS);
    assertThat(out.get(1).ms()).isEqualTo(30);
    assertThat(out.get(1).seg().ack()).isEqualTo(IRS + 101);
    assertThat(out.get(1).seg().options().tsecr()).isEqualTo(PEER_TS + 5);
    assertThat(h.sk.bytesReceived()).isEqualTo(100);
    assertThat(h.app.events).containsExactly("10 connected", "30 readable 100");
  }

  /**
   * PAWS gives up on a ts_recent 24 days old: get_seconds() must be below ts_recent_stamp + 24 days.
   * One second before that an old TSval is still rejected; at exactly 24 days it is taken and stored.
   */
  @Test
  void tcpPawsDiscard_tsRecentTwentyFourDaysStaleNoLongerRejects() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    long day24 = 24L * 24 * 3600 * 1000;
    h.at(day24 - 1, h.data(IRS + 1, 100, PEER_TS - 1000));
    h.runUntilMs(day24 - 1);
    assertThat(h.mib(MibCounter.PAWS_ESTAB)).isEqualTo(1);
    assertThat(h.sk.bytesReceived()).isZero();
    h.at(day24, h.data(IRS + 1, 100, PEER_TS - 1000));
    h.runUntilMs(day24);
    assertThat(h.mib(MibCounter.PAWS_ESTAB)).isEqualTo(1);
    assertThat(h.sk.bytesReceived()).isEqualTo(100);
    assertThat(h.sk.tsRecent()).isEqualTo(PEER_TS - 1000);
    List<ScriptedServer.Sent> out = h.sentFrom(day24);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).seg().options().tsecr()).isEqualTo(PEER_TS - 1000);
  }

  /** A RST is accepted even when its timestamp fails PAWS: ECONNRESET, EstabResets +1, no reply. */
  @Test
  void tcpValidateIncoming_rstIsExemptFromPaws() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    h.at(20, h.seg(IRS + 1, 0, TcpFlags.RST, 0, TcpOptions.NONE.withTimestamp(PEER_TS - 100, 0), 0));
    h.runUntilMs(30);
    assertThat(h.sk.state()).isEqualTo(TcpState.CLOSE);
    assertThat(h.sk.error()).isEqualTo(Errno.ECONNRESET);
    assertThat(h.app.events).containsExactly("10 connected", "20 error ECONNRESET", "20 closed");
    assertThat(h.mib(MibCounter.PAWS_ESTAB)).isZero();
    assertThat(h.mib(MibCounter.ESTAB_RESETS)).isEqualTo(1);
    assertThat(h.mib(MibCounter.ATTEMPT_FAILS)).isZero();
    assertThat(h.mib(MibCounter.CURR_ESTAB)).isZero();
    assertThat(h.sentFrom(20)).isEmpty();
  }

  /** Linux does not require the timestamp on every segment: one without it is taken (no PAWS). */
  @Test
  void tcpValidateIncoming_segmentWithoutTimestampIsAccepted() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    h.at(20, h.seg(IRS + 1, ISS + 1, DATA, 46, TcpOptions.NONE, 100));
    h.runUntilMs(30);
    assertThat(h.mib(MibCounter.PAWS_ESTAB)).isZero();
    assertThat(h.sk.bytesReceived()).isEqualTo(100);
    assertThat(h.sk.tsRecent()).isEqualTo(PEER_TS);
  }

  /** With timestamps off on our side the peer's stray TS option is not parsed: ts_recent stays 0. */
  @Test
  void tcpValidateIncoming_timestampIgnoredWhenNotNegotiated() {
    ScriptedServer h = new ScriptedServer();
    h.sysctls.set(Sysctl.TCP_TIMESTAMPS, 0);
    h.connect();
    h.at(10, h.synAck(TcpOptions.mss(1460).withWscale(7)));
    h.at(20, h.data(IRS + 1, 100, PEER_TS));
    h.runUntilMs(30);
    assertThat(h.sk.tstampOk()).isFalse();
    assertThat(h.sk.bytesReceived()).isEqualTo(100);
    assertThat(h.sk.tsRecent()).isZero();
    assertThat(h.sentFrom(20).get(0).seg().options().timestamp()).isFalse();
  }

  /** tcp_sequence: data starting beyond rcv_nxt + rcv_wnd (5840) gets a duplicate ACK, not a RST. */
  @Test
  void tcpSequence_segmentBeyondTheWindowGetsDupAck() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    h.at(20, h.data(IRS + 1 + 6000, 100, PEER_TS));
    h.runUntilMs(30);
    List<ScriptedServer.Sent> out = h.sentFrom(20);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).seg().flags()).isEqualTo(TcpFlags.ACK);
    assertThat(out.get(0).seg().ack()).isEqualTo(IRS + 1);
    assertThat(h.sk.bytesReceived()).isZero();
    assertThat(h.mib(MibCounter.OUT_RSTS)).isZero();
  }

  /** RFC 793 p. 69: a RST outside the window is dropped silently; the connection lives on. */
  @Test
  void tcpSequence_rstOutsideTheWindowIsIgnored() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    h.at(20, h.seg(IRS + 1 + 6000, 0, TcpFlags.RST, 0, TcpOptions.NONE, 0));
    h.runUntilMs(30);
    assertThat(h.sk.state()).isEqualTo(TcpState.ESTABLISHED);
    assertThat(h.sentFrom(20)).isEmpty();
    assertThat(h.app.events).containsExactly("10 connected");
  }

  /** A repeated segment entirely below rcv_nxt is answered with an immediate duplicate ACK. */
  @Test
  void tcpDataQueue_retransmittedOldSegmentGetsImmediateAck() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    h.at(20, h.data(IRS + 1, 100, PEER_TS));
    h.at(30, h.data(IRS + 1, 100, PEER_TS));
    h.runUntilMs(40);
    List<ScriptedServer.Sent> out = h.sentFrom(20);
    assertThat(out.stream().map(ScriptedServer.Sent::ms).toList()).containsExactly(20L, 30L);
    assertThat(out.get(1).seg().ack()).isEqualTo(IRS + 101);
    assertThat(h.sk.bytesReceived()).isEqualTo(100);
    assertThat(h.app.events).containsExactly("10 connected", "20 readable 100");
  }

  /**
   * Step 4, a SYN in the window of an ESTABLISHED socket (tcp_rcv_established, syn_inerr 1): InErrs +1,
   * TCPAbortOnSyn +1, ECONNRESET, and the caller answers the SYN with RST|ACK (seq 0, ack seq + 1).
   */
  @Test
  void tcpValidateIncoming_synInWindowOnEstablishedAbortsWithInErrs() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    h.at(20, h.seg(IRS + 1, 0, TcpFlags.SYN, 5840, TcpOptions.mss(1460), 0));
    h.runUntilMs(30);
    assertThat(h.mib(MibCounter.IN_ERRS)).isEqualTo(1);
    assertThat(h.mib(MibCounter.TCP_ABORT_ON_SYN)).isEqualTo(1);
    assertThat(h.mib(MibCounter.ESTAB_RESETS)).isEqualTo(1);
    assertThat(h.sk.state()).isEqualTo(TcpState.CLOSE);
    assertThat(h.app.events).containsExactly("10 connected", "20 error ECONNRESET", "20 closed");
    List<ScriptedServer.Sent> out = h.sentFrom(20);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).seg().flags()).isEqualTo(TcpFlags.RST | TcpFlags.ACK);
    assertThat(out.get(0).seg().seq()).isZero();
    assertThat(out.get(0).seg().ack()).isEqualTo(IRS + 2);
  }

  /**
   * The same SYN in CLOSE_WAIT goes through tcp_rcv_state_process (syn_inerr 0): TCPAbortOnSyn +1 but
   * InErrs stays 0; tcp_reset in CLOSE_WAIT gives EPIPE.
   */
  @Test
  void tcpValidateIncoming_synInWindowInCloseWaitDoesNotCountInErrs() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    h.at(20, h.seg(IRS + 1, ISS + 1, TcpFlags.FIN | TcpFlags.ACK, 46, TcpOptions.NONE.withTimestamp(PEER_TS, 0), 0));
    h.at(30, h.seg(IRS + 2, 0, TcpFlags.SYN, 5840, TcpOptions.mss(1460), 0));
    h.runUntilMs(40);
    assertThat(h.mib(MibCounter.TCP_ABORT_ON_SYN)).isEqualTo(1);
    assertThat(h.mib(MibCounter.IN_ERRS)).isZero();
    assertThat(h.sk.state()).isEqualTo(TcpState.CLOSE);
    assertThat(h.app.events).containsExactly("10 connected", "20 peerClosed", "30 error EPIPE", "30 closed");
    TcpSegment rst = h.sentFrom(30).get(0).seg();
    assertThat(rst.flags()).isEqualTo(TcpFlags.RST | TcpFlags.ACK);
    assertThat(rst.ack()).isEqualTo(IRS + 3);
  }

  // ---- segments without ACK -----------------------------------------------------------------------

  /** tcp_rcv_established's slow path queues data even without the ACK bit: it is taken and ACKed. */
  @Test
  void tcpRcvEstablished_dataWithoutAckBitIsStillQueued() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    h.at(20, h.seg(IRS + 1, 0, TcpFlags.PSH, 46, TcpOptions.NONE.withTimestamp(PEER_TS, 0), 100));
    h.runUntilMs(30);
    assertThat(h.sk.bytesReceived()).isEqualTo(100);
    List<ScriptedServer.Sent> out = h.sentFrom(20);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).seg().ack()).isEqualTo(IRS + 101);
  }

  /**
   * In the other states tcp_rcv_state_process discards a segment without ACK before looking at its
   * data: an orphan in FIN_WAIT1 neither aborts nor answers.
   */
  @Test
  void tcpRcvStateProcess_segmentWithoutAckIsDiscardedInFinWait1() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    h.atDo(20, () -> h.host.close(h.sk));
    h.at(30, h.seg(IRS + 1, 0, TcpFlags.PSH, 46, TcpOptions.NONE.withTimestamp(PEER_TS, 0), 100));
    h.runUntilMs(40);
    assertThat(h.sk.state()).isEqualTo(TcpState.FIN_WAIT1);
    assertThat(h.mib(MibCounter.TCP_ABORT_ON_DATA)).isZero();
    assertThat(h.sentFrom(21)).isEmpty();
  }

  // ---- step 5 and 7 in the closing states ---------------------------------------------------------

  /**
   * The ACK of an orphan's FIN (no FIN with it): FIN_WAIT2 for tcp_fin_time = max(60 s, 3.5 RTO) =
   * 60 s from that ACK, then the socket is gone.
   */
  @Test
  void tcpRcvStateProcess_orphanFinWait2LivesTcpFinTimeAfterTheAckOfItsFin() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    h.atDo(20, () -> h.host.close(h.sk));
    h.at(30, h.seg(IRS + 1, ISS + 2, TcpFlags.ACK, 46, TcpOptions.NONE.withTimestamp(PEER_TS, (int) J0 + 20), 0));
    h.runUntilMs(30);
    TcpSegment fin = h.sentFrom(20).get(0).seg();
    assertThat(fin.flags()).isEqualTo(TcpFlags.ACK | TcpFlags.FIN);
    assertThat(fin.seq()).isEqualTo(ISS + 1);
    assertThat(h.sk.state()).isEqualTo(TcpState.FIN_WAIT2);
    assertThat(h.sk.xmitTimerExpires()).isEqualTo(J0 + 30 + 60_000);
    h.runUntilMs(60_029);
    assertThat(h.sk.state()).isEqualTo(TcpState.FIN_WAIT2);
    h.runUntilMs(60_030);
    assertThat(h.sk.state()).isEqualTo(TcpState.CLOSE);
    assertThat(h.app.events).containsExactly("10 connected", "60030 closed");
  }

  /**
   * Without timestamps the handshake leaves RTO 3 s; the FIN is lost three times (RTO 24 s after the
   * third retransmission) and its ACK gives no RTT sample (Karn), so tcp_fin_time = 3.5 × 24 s = 84 s.
   */
  @Test
  void tcpFinTime_backedOffRtoStretchesTheOrphansFinWait2() {
    ScriptedServer h = new ScriptedServer();
    h.sysctls.set(Sysctl.TCP_TIMESTAMPS, 0);
    h.connect();
    h.at(10, h.synAck(TcpOptions.mss(1460).withWscale(7)));
    h.atDo(20, () -> h.host.close(h.sk));
    h.runUntilMs(21_500);
    assertThat(h.sentFrom(20).stream().map(ScriptedServer.Sent::ms).toList())
        .containsExactly(20L, 3020L, 9020L, 21020L);
    assertThat(h.sk.rto()).isEqualTo(24_000);
    assertThat(h.sk.retransmits()).isEqualTo(3);
    assertThat(h.sk.backoff()).isEqualTo(3);
    assertThat(h.mib(MibCounter.TCP_TIMEOUTS)).isEqualTo(1);
    assertThat(h.mib(MibCounter.RETRANS_SEGS)).isEqualTo(3);
    h.at(22_000, h.ack(IRS + 1, ISS + 2));
    h.runUntilMs(22_000);
    assertThat(h.sk.state()).isEqualTo(TcpState.FIN_WAIT2);
    assertThat(h.sk.rto()).isEqualTo(24_000);
    assertThat(h.sk.retransmits()).isZero();
    assertThat(h.sk.xmitTimerExpires()).isEqualTo(J0 + 22_000 + 84_000);
    h.runUntilMs(106_000);
    assertThat(h.sk.state()).isEqualTo(TcpState.CLOSE);
  }

  /** New data reaching an orphan in FIN_WAIT1 (RCV_SHUTDOWN): TCPAbortOnData, reset, RST at its ack. */
  @Test
  void tcpRcvStateProcess_newDataForAnOrphanInFinWait1AbortsOnData() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    h.atDo(20, () -> h.host.close(h.sk));
    h.at(25, h.ack(IRS + 1, ISS + 1));
    h.at(30, h.data(IRS + 1, 100, PEER_TS));
    h.runUntilMs(40);
    assertThat(h.mib(MibCounter.TCP_ABORT_ON_DATA)).isEqualTo(1);
    assertThat(h.sk.state()).isEqualTo(TcpState.CLOSE);
    assertThat(h.sk.bytesReceived()).isZero();
    // The pure ACK at 25 (not covering the FIN) changed nothing and drew no answer.
    List<ScriptedServer.Sent> out = h.sentFrom(21);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).ms()).isEqualTo(30);
    assertThat(out.get(0).seg().flags()).isEqualTo(TcpFlags.RST);
    assertThat(out.get(0).seg().seq()).isEqualTo(ISS + 1);
  }

  /**
   * Simultaneous close: the peer's FIN reaches FIN_WAIT1 → CLOSING (ACKed at once); a duplicate ACK
   * leaves it there; the ACK of our FIN → TIME_WAIT for 60 s.
   */
  @Test
  void tcpRcvStateProcess_closingGoesToTimeWaitWhenOurFinIsAcked() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    h.atDo(20, () -> h.host.close(h.sk));
    h.at(25, h.seg(IRS + 1, ISS + 1, TcpFlags.FIN | TcpFlags.ACK, 46, TcpOptions.NONE.withTimestamp(PEER_TS, 0), 0));
    h.at(28, h.ack(IRS + 2, ISS + 1));
    h.runUntilMs(28);
    assertThat(h.sk.state()).isEqualTo(TcpState.CLOSING);
    List<ScriptedServer.Sent> out = h.sentFrom(21);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).ms()).isEqualTo(25);
    assertThat(out.get(0).seg().seq()).isEqualTo(ISS + 2);
    assertThat(out.get(0).seg().ack()).isEqualTo(IRS + 2);
    h.at(30, h.ack(IRS + 2, ISS + 2));
    h.runUntilMs(30);
    assertThat(h.sk.state()).isEqualTo(TcpState.TIME_WAIT);
    assertThat(h.sk.xmitTimerExpires()).isEqualTo(J0 + 60_030);
    // That ACK is consumed: no answer, in particular no RST.
    assertThat(h.sentFrom(26)).isEmpty();
    h.runUntilMs(60_030);
    assertThat(h.sk.state()).isEqualTo(TcpState.CLOSE);
    assertThat(h.mib(MibCounter.TIME_WAITED)).isEqualTo(1);
  }

  /** In CLOSE_WAIT a retransmitted FIN (seq before rcv_nxt) is an old segment: a duplicate ACK. */
  @Test
  void tcpRcvStateProcess_retransmittedFinInCloseWaitGetsDupAck() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    TcpSegment fin = h.seg(IRS + 1, ISS + 1, TcpFlags.FIN | TcpFlags.ACK, 46, TcpOptions.NONE, 0);
    h.at(20, fin);
    h.at(30, fin);
    h.runUntilMs(40);
    assertThat(h.sk.state()).isEqualTo(TcpState.CLOSE_WAIT);
    List<ScriptedServer.Sent> out = h.sentFrom(20);
    assertThat(out.stream().map(ScriptedServer.Sent::ms).toList()).containsExactly(20L, 30L);
    assertThat(out.get(1).seg().flags()).isEqualTo(TcpFlags.ACK);
    assertThat(out.get(1).seg().ack()).isEqualTo(IRS + 2);
    assertThat(h.app.events).containsExactly("10 connected", "20 peerClosed");
  }

  /**
   * CLOSE_WAIT falls through to the RCV_SHUTDOWN check: a segment from before rcv_nxt that carries bytes
   * past the FIN is TCPAbortOnData, EPIPE, and a RST at its ack.
   */
  @Test
  void tcpRcvStateProcess_dataPastTheFinInCloseWaitAbortsOnData() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    h.at(20, h.seg(IRS + 1, ISS + 1, TcpFlags.FIN | TcpFlags.ACK, 46, TcpOptions.NONE, 0));
    h.at(30, h.seg(IRS + 1, ISS + 1, DATA, 46, TcpOptions.NONE, 100));
    h.runUntilMs(40);
    assertThat(h.mib(MibCounter.TCP_ABORT_ON_DATA)).isEqualTo(1);
    assertThat(h.sk.state()).isEqualTo(TcpState.CLOSE);
    assertThat(h.sk.bytesReceived()).isZero();
    assertThat(h.app.events).containsExactly("10 connected", "20 peerClosed", "30 error EPIPE", "30 closed");
    assertThat(h.mib(MibCounter.ESTAB_RESETS)).isEqualTo(1);
    TcpSegment rst = h.sentFrom(30).get(0).seg();
    assertThat(rst.flags()).isEqualTo(TcpFlags.RST);
    assertThat(rst.seq()).isEqualTo(ISS + 1);
  }

  /** The application hears of new bytes (not of a bare FIN's zero) and of the FIN in ESTABLISHED only. */
  @Test
  void tcpDataQueue_readableForNewBytesThenPeerClosedForTheFin() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    h.at(20, h.data(IRS + 1, 100, PEER_TS));
    h.at(30, h.seg(IRS + 101, ISS + 1, TcpFlags.FIN | TcpFlags.ACK, 46, TcpOptions.NONE.withTimestamp(PEER_TS, 0), 50));
    h.runUntilMs(40);
    assertThat(h.app.events).containsExactly("10 connected", "20 readable 100", "30 readable 50", "30 peerClosed");
    assertThat(h.sk.rcvNxt()).isEqualTo(IRS + 152);
    assertThat(h.sk.state()).isEqualTo(TcpState.CLOSE_WAIT);

    ScriptedServer f = new ScriptedServer();
    f.establishAt(10);
    f.at(20, f.seg(IRS + 1, ISS + 1, TcpFlags.FIN | TcpFlags.ACK, 46, TcpOptions.NONE, 0));
    f.runUntilMs(30);
    assertThat(f.app.events).containsExactly("10 connected", "20 peerClosed");
  }

  // ---- tcp_ack --------------------------------------------------------------------------------------

  /** The window of an ACK after the handshake is scaled by snd_wscale (7): field 100 → 12800 bytes. */
  @Test
  void tcpAck_laterWindowsAreScaled() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    assertThat(h.sk.sndWnd()).isEqualTo(5840);
    h.at(20, h.seg(IRS + 1, ISS + 1, TcpFlags.ACK, 100, TcpOptions.NONE, 0));
    h.runUntilMs(20);
    assertThat(h.sk.sndWnd()).isEqualTo(12800);
  }

  /**
   * Without timestamps the handshake's sample is forgotten (RTO 3 s, srtt 0); the ACK of 100 bytes
   * sent at 20 ms arriving at 70 ms is a first sample of 50: srtt 400, rttvar 200, RTO 250. A stray
   * TSecr on that ACK is not used (the connection has no timestamps).
   */
  @Test
  void tcpAck_sampleFromTheSendTimeWithoutTimestamps() {
    for (boolean stray : new boolean[] {false, true}) {
      ScriptedServer h = new ScriptedServer();
      h.sysctls.set(Sysctl.TCP_TIMESTAMPS, 0);
      h.connect();
      h.at(10, h.synAck(TcpOptions.mss(1460).withWscale(7)));
      h.atDo(20, () -> h.host.send(h.sk, 100));
      h.at(70, h.seg(IRS + 1, ISS + 101, TcpFlags.ACK, 46,
          stray ? TcpOptions.NONE.withTimestamp(PEER_TS, (int) J0 + 10) : TcpOptions.NONE, 0));
      h.runUntilMs(20);
      assertThat(h.sk.rto()).isEqualTo(3000);
      assertThat(h.sk.srtt()).isZero();
      h.runUntilMs(70);
      assertThat(h.sk.srtt()).as("stray TS %s", stray).isEqualTo(400);
      assertThat(h.sk.rttvar()).isEqualTo(200);
      assertThat(h.sk.rto()).isEqualTo(250);
      assertThat(h.sk.xmitTimerPending()).isFalse();
    }
  }

  /** Data ACKed in the jiffy it was sent: a 0 sample counts as 1 → srtt 8, RTO 201. */
  @Test
  void tcpAck_zeroSampleCountsAsOneJiffy() {
    ScriptedServer h = new ScriptedServer();
    h.sysctls.set(Sysctl.TCP_TIMESTAMPS, 0);
    h.connect();
    h.at(10, h.synAck(TcpOptions.mss(1460).withWscale(7)));
    h.atDo(20, () -> h.host.send(h.sk, 100));
    h.at(20, h.ack(IRS + 1, ISS + 101));
    h.runUntilMs(20);
    assertThat(h.sk.sndUna()).isEqualTo(ISS + 101);
    assertThat(h.sk.srtt()).isEqualTo(8);
    assertThat(h.sk.rto()).isEqualTo(201);
  }

  /**
   * A partial ACK (first of two segments, TSecr of 20 ms, at 50 ms): sample 30 → srtt 100, RTO 12 + 200
   * = 212, and the retransmit timer is re-armed for it from now.
   */
  @Test
  void tcpAck_partialAckReArmsTheRetransmitTimer() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    h.atDo(20, () -> h.host.send(h.sk, 2896));
    h.at(50, h.seg(IRS + 1, ISS + 1449, TcpFlags.ACK, 46, TcpOptions.NONE.withTimestamp(PEER_TS, (int) J0 + 20), 0));
    h.runUntilMs(20);
    assertThat(h.sentFrom(20).stream().map(s -> s.seg().payloadLength()).toList()).containsExactly(1448, 1448);
    assertThat(h.sk.xmitTimerExpires()).isEqualTo(J0 + 20 + 210);
    h.runUntilMs(50);
    assertThat(h.sk.sndUna()).isEqualTo(ISS + 1449);
    assertThat(h.sk.srtt()).isEqualTo(100);
    assertThat(h.sk.rttvar()).isEqualTo(200);
    assertThat(h.sk.rto()).isEqualTo(212);
    assertThat(h.sk.xmitTimerPending()).isTrue();
    assertThat(h.sk.xmitTimerExpires()).isEqualTo(J0 + 50 + 212);
  }

  /**
   * tcp_rtt_estimator, sample by sample (HZ 1000, RTO_MIN 200): 100 (first); 20 (a fall: mdev gains
   * only an eighth of the excess); 400 after rtt_seq (a rise, then a new window: mdev_max back to
   * RTO_MIN); 130 after the next rtt_seq (rttvar decays by a quarter of its excess over mdev_max).
   */
  @Test
  void tcpRttEstimator_jacobsonKarelsWithLinuxScaling() {
    ScriptedServer h = new ScriptedServer();
    TcpSock sk = h.host.socket();
    TcpInput in = h.host.tcpInput;
    sk.sndUna = 0;
    sk.sndNxt = 1000;
    in.tcpRttEstimator(sk, 100);
    assertThat(new int[] {sk.srtt, sk.mdev, sk.mdevMax, sk.rttvar, sk.rttSeq}).containsExactly(800, 200, 200, 200, 1000);
    sk.sndUna = 500;
    in.tcpRttEstimator(sk, 20);
    assertThat(new int[] {sk.srtt, sk.mdev, sk.mdevMax, sk.rttvar, sk.rttSeq}).containsExactly(720, 203, 203, 203, 1000);
    sk.sndUna = 1500;
    sk.sndNxt = 3000;
    in.tcpRttEstimator(sk, 400);
    assertThat(new int[] {sk.srtt, sk.mdev, sk.mdevMax, sk.rttvar, sk.rttSeq}).containsExactly(1030, 463, 200, 463, 3000);
    sk.sndUna = 3500;
    sk.sndNxt = 5000;
    in.tcpRttEstimator(sk, 130);
    assertThat(new int[] {sk.srtt, sk.mdev, sk.mdevMax, sk.rttvar, sk.rttSeq}).containsExactly(1032, 350, 200, 435, 5000);
    in.tcpSetRto(sk);
    assertThat(sk.rto).isEqualTo(129 + 435);
  }

  // ---- tcp_paws_reject (tcp_check_req, TIME_WAIT) -------------------------------------------------

  /**
   * tcp_paws_reject: a TSval older than ts_recent is rejected unless ts_recent is 24 days stale; a RST
   * only while ts_recent is younger than TCP_PAWS_MSL (60 s). Stamps are get_seconds().
   */
  @Test
  void tcpPawsReject_olderTsvalUnless24DaysStaleOrARstAfterAMinute() {
    ScriptedServer h = new ScriptedServer();
    TcpInput in = h.host.tcpInput;
    long now = h.clock.getSeconds();
    RxOptions o = new RxOptions();
    o.tsRecent = 1000;
    o.tsRecentStamp = now;
    o.rcvTsval = 1000;
    assertThat(in.tcpPawsReject(o, false)).isFalse();
    o.rcvTsval = 999;
    assertThat(in.tcpPawsReject(o, false)).isTrue();
    // u32 arithmetic: 5 − 0xFFFFFFF0 = 21 > 0, so 0xFFFFFFF0 is older than 5.
    o.tsRecent = 5;
    o.rcvTsval = 0xFFFFFFF0;
    assertThat(in.tcpPawsReject(o, false)).isTrue();
    o.tsRecent = 1000;
    o.rcvTsval = 999;
    o.tsRecentStamp = now - 24L * 24 * 3600;
    assertThat(in.tcpPawsReject(o, false)).isFalse();
    o.tsRecentStamp = now - 24L * 24 * 3600 + 1;
    assertThat(in.tcpPawsReject(o, false)).isTrue();
    o.tsRecentStamp = now - 60;
    assertThat(in.tcpPawsReject(o, true)).isFalse();
    assertThat(in.tcpPawsReject(o, false)).isTrue();
    o.tsRecentStamp = now - 59;
    assertThat(in.tcpPawsReject(o, true)).isTrue();
  }

  // ---- tcp_rcv_state_process in LISTEN and SYN_RECV -------------------------------------------------

  /** A bare RST to a listener is discarded: no answer, nothing counted as sent. */
  @Test
  void tcpRcvStateProcess_listenerDiscardsARst() {
    ListenHarness h = new ListenHarness();
    h.listen(5);
    int peer = org.listensim.kernel.Ipv4.parse("10.0.0.1");
    h.at(ListenHarness.ms(1), new TcpSegment(peer, 40000, ListenHarness.SERVER, ListenHarness.PORT, 1, 0,
        TcpFlags.RST, 0, TcpOptions.NONE, 0));
    h.runUntil(ListenHarness.ms(10));
    assertThat(h.sent).isEmpty();
    assertThat(h.get(MibCounter.OUT_RSTS)).isZero();
    assertThat(h.lopt().qlen).isZero();
  }

  /**
   * The child leaves SYN_RECV with the window of the ACK that completed the handshake, scaled by the
   * client's wscale 7: field 46 → snd_wnd 5888.
   */
  @Test
  void tcpRcvStateProcess_childTakesTheScaledWindowOfTheFinalAck() {
    ClientHarness h = new ClientHarness(5);
    h.connectAt(0, ClientHarness.CLIENT, null);
    h.sim.runUntil(20_000_000L);
    Host.AcceptResult r = h.server.accept(h.listener);
    assertThat(r.child()).isNotNull();
    assertThat(r.child().state()).isEqualTo(TcpState.ESTABLISHED);
    assertThat(r.child().sndWscale()).isEqualTo(7);
    assertThat(r.child().sndWnd()).isEqualTo(46 << 7);
  }
  /**
   * A TSval equal to ts_recent is stored again and so refreshes ts_recent_stamp: after an echo of the
   * same TSval at 20 days, an old TSval at 24 days + 1 s is still rejected (24 days have not passed
   * since the refresh).
   */
  @Test
  void tcpReplaceTsRecent_equalTsvalRefreshesTheStamp() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    long day = 24L * 3600 * 1000;
    h.at(20 * day, h.data(IRS + 1, 100, PEER_TS));
    h.at(24 * day + 1000, h.data(IRS + 101, 100, PEER_TS - 1000));
    h.runUntilMs(24 * day + 1000);
    assertThat(h.sk.bytesReceived()).isEqualTo(100);
    assertThat(h.mib(MibCounter.PAWS_ESTAB)).isEqualTo(1);
    assertThat(h.sk.tsRecent()).isEqualTo(PEER_TS);
  }

  /** LAST_ACK: the ACK of our FIN ends the connection (tcp_done) silently; the application hears close. */
  @Test
  void tcpRcvStateProcess_lastAckEndsOnTheAckOfOurFin() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    h.at(20, h.seg(IRS + 1, ISS + 1, TcpFlags.FIN | TcpFlags.ACK, 46, TcpOptions.NONE, 0));
    h.atDo(25, () -> h.host.close(h.sk));
    h.at(30, h.ack(IRS + 2, ISS + 2));
    h.runUntilMs(40);
    assertThat(h.sk.state()).isEqualTo(TcpState.CLOSE);
    List<ScriptedServer.Sent> out = h.sentFrom(21);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).ms()).isEqualTo(25);
    assertThat(out.get(0).seg().flags()).isEqualTo(TcpFlags.ACK | TcpFlags.FIN);
    assertThat(h.app.events).containsExactly("10 connected", "20 peerClosed", "30 closed");
    assertThat(h.mib(MibCounter.OUT_RSTS)).isZero();
    assertThat(h.mib(MibCounter.ESTAB_RESETS)).isZero();
  }
}

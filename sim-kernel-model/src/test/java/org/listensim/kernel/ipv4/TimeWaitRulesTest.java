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
 * A server child that closes first, and then TIME_WAIT as {@code tcp_time_wait},
 * {@code tcp_timewait_state_process} and the reaper treat it (listen-path spec §3.5, active-open spec §5).
 *
 * <p>The exchange, by hand (HZ 1000, server S = 10.0.0.100:80 with ISN 0x50000000, client C =
 * 10.0.0.3:40000 with ISN 1000): SYN at 0, ACK at 1 ms (child ESTABLISHED); at 2 ms the application
 * accepts and closes it (FIN seq S+1, FIN_WAIT1, snd_nxt S+2); C's ACK of the FIN at 3 ms (FIN_WAIT2,
 * orphan: its timer is tcp_fin_time = 60 s since the RTO is far below 17 s); C's FIN at 4 ms
 * (seq 1001): the child ACKs it (ack 1002) and enters TIME_WAIT with rcv_nxt 1002, snd_nxt S+2, due at
 * 4 + 60000 ms. With timestamps C sends TSval 100, 101, 102, 103, so ts_recent is 103.
 */
class TimeWaitRulesTest {
  private static final int C = Ipv4.parse("10.0.0.3");
  private static final int S = 0x50000000;

  private static TcpOptions ts(boolean timestamps, int tsval) {
    return timestamps ? TcpOptions.NONE.withTimestamp(tsval, 0) : TcpOptions.NONE;
  }

  private static TcpSegment fromC(int flags, int seq, int ack, TcpOptions o) {
    return new TcpSegment(C, 40000, ListenHarness.SERVER, 80, seq, ack, flags, 5840, o, 0);
  }

  /**
   * The harness and the server child, driven up to FIN_WAIT2 (orphan) at 3 ms or TIME_WAIT at 4 ms;
   * {@code mark} is the number of segments the server had sent by then.
   */
  private record Closing(ListenHarness h, TcpSock child, int mark) {
    long jiffiesSinceBoot(long expires) {
      return expires - h.clock.initialJiffies();
    }

    /** The one segment the server sent since {@code mark}. */
    TcpSegment reply() {
      assertThat(h.sent).hasSize(mark + 1);
      return h.sent.get(mark).seg();
    }
  }

  private static Closing finWait2(ListenHarness h, boolean timestamps) {
    return finWait2(h, timestamps, S);
  }

  private static Closing finWait2(ListenHarness h, boolean timestamps, int isn) {
    h.listen(5);
    TcpOptions synOpts = timestamps ? TcpOptions.mss(1460).withTimestamp(100, 0) : TcpOptions.mss(1460);
    h.at(0, ListenHarness.syn(C, 40000, 1000, synOpts));
    h.at(ms(1), fromC(TcpFlags.ACK, 1001, isn + 1, ts(timestamps, 101)));
    TcpSock[] child = new TcpSock[1];
    h.atDo(ms(2), () -> {
      child[0] = h.host.accept(h.listener).child();
      h.host.close(child[0]);
    });
    h.at(ms(3), fromC(TcpFlags.ACK, 1001, isn + 2, ts(timestamps, 102)));
    h.runUntil(ms(3));
    assertThat(child[0].state()).isEqualTo(TcpState.FIN_WAIT2);
    return new Closing(h, child[0], h.sent.size());
  }

  private static Closing timeWait(ListenHarness h, boolean timestamps, int isn) {
    Closing c = finWait2(h, timestamps, isn);
    h.at(ms(4), fromC(TcpFlags.ACK | TcpFlags.FIN, 1001, isn + 2, ts(timestamps, 103)));
    h.runUntil(ms(4));
    assertThat(c.child.state()).isEqualTo(TcpState.TIME_WAIT);
    TcpSegment finAck = c.reply();
    assertThat(finAck.flags()).isEqualTo(TcpFlags.ACK);
    assertThat(finAck.ack()).isEqualTo(1002);
    return new Closing(h, c.child, h.sent.size());
  }

  private static Closing timeWait(boolean timestamps) {
    return timeWait(new ListenHarness(), timestamps, S);
  }

  @Test
  void tcpTimeWait_socketLivesTcpTimewaitLenThenTheReaperEndsItAndCountsTw() {
    Closing c = timeWait(false);
    int[] closed = {0};
    c.child.setCallbacks(new SockCallbacks() {
      @Override
      public void closed(TcpSock sk) {
        closed[0]++;
      }
    });
    assertThat(c.child.xmitTimerPending()).isTrue();
    assertThat(c.jiffiesSinceBoot(c.child.xmitTimerExpires())).isEqualTo(4 + 60_000);
    assertThat(c.h.host.findSocket(ListenHarness.SERVER, 80, C, 40000)).isSameAs(c.child);
    assertThat(c.h.host.establishedCount()).isEqualTo(1);
    int sent = c.h.sent.size();

    c.h.runUntil(ms(60_003));
    assertThat(c.child.state()).isEqualTo(TcpState.TIME_WAIT);
    c.h.runUntil(ms(60_004));
    assertThat(c.child.state()).isEqualTo(TcpState.CLOSE);
    assertThat(c.child.xmitTimerPending()).isFalse();
    assertThat(c.h.host.findSocket(ListenHarness.SERVER, 80, C, 40000)).isNull();
    assertThat(c.h.host.establishedCount()).isZero();
    assertThat(c.h.get(MibCounter.TIME_WAITED)).isEqualTo(1);
    assertThat(closed[0]).isEqualTo(1);
    assertThat(c.h.sent).hasSize(sent);
  }

  /**
   * An orphan whose FIN was acknowledged becomes a TIME_WAIT mini-socket in the FIN_WAIT2 substate for
   * tcp_fin_time; the reaper that ends it counts it in TW like any other it kills
   * (inet_twdr_do_twkill_work counts every socket of the slot).
   */
  @Test
  void twKill_orphanInFinWait2IsEndedAfterTcpFinTimeoutAndCountedInTw() {
    Closing c = finWait2(new ListenHarness(), false);
    assertThat(c.jiffiesSinceBoot(c.child.xmitTimerExpires())).isEqualTo(3 + 60_000);
    int sent = c.h.sent.size();
    c.h.runUntil(ms(60_002));
    assertThat(c.child.state()).isEqualTo(TcpState.FIN_WAIT2);
    c.h.runUntil(ms(60_003));
    assertThat(c.child.state()).isEqualTo(TcpState.CLOSE);
    assertThat(c.h.host.establishedCount()).isZero();
    assertThat(c.h.get(MibCounter.TIME_WAITED)).isEqualTo(1);
    assertThat(c.h.sent).hasSize(sent);
  }

  /** tcp_rfc1337 = 0: a RST at rcv_nxt kills the TIME_WAIT socket at once; nothing is sent, TW stays 0. */
  @Test
  void tcpTimewaitStateProcess_rstAtRcvNxtKillsTheSocketSilently() {
    Closing c = timeWait(false);
    int sent = c.h.sent.size();
    c.h.at(s(10), fromC(TcpFlags.RST, 1002, 0, TcpOptions.NONE));
    c.h.runUntil(s(10));
    assertThat(c.child.state()).isEqualTo(TcpState.CLOSE);
    assertThat(c.child.xmitTimerPending()).isFalse();
    assertThat(c.h.host.findSocket(ListenHarness.SERVER, 80, C, 40000)).isNull();
    c.h.runUntil(s(120));
    assertThat(c.h.sent).hasSize(sent);
    assertThat(c.h.get(MibCounter.TIME_WAITED)).isZero();
    assertThat(c.h.get(MibCounter.OUT_RSTS)).isZero();
  }

  /** A RST anywhere but rcv_nxt is dropped: no answer, the socket and its expiry unchanged. */
  @Test
  void tcpTimewaitStateProcess_rstOffRcvNxtIsDropped() {
    Closing c = timeWait(false);
    int sent = c.h.sent.size();
    c.h.at(s(10), fromC(TcpFlags.RST, 1500, 0, TcpOptions.NONE));
    c.h.runUntil(s(10));
    assertThat(c.child.state()).isEqualTo(TcpState.TIME_WAIT);
    assertThat(c.jiffiesSinceBoot(c.child.xmitTimerExpires())).isEqualTo(4 + 60_000);
    assertThat(c.h.sent).hasSize(sent);
  }

  /** A bare ACK at rcv_nxt restarts the 60 s from its arrival and stores its TSval; no reply. */
  @Test
  void tcpTimewaitStateProcess_bareAckAtRcvNxtRestartsTheTimerAndTakesItsTimestamp() {
    Closing c = timeWait(true);
    assertThat(c.child.tsRecent()).isEqualTo(103);
    int sent = c.h.sent.size();
    c.h.at(s(30), fromC(TcpFlags.ACK, 1002, S + 2, TcpOptions.NONE.withTimestamp(500, 0)));
    c.h.runUntil(s(30));
    assertThat(c.h.sent).hasSize(sent);
    assertThat(c.child.tsRecent()).isEqualTo(500);
    assertThat(c.jiffiesSinceBoot(c.child.xmitTimerExpires())).isEqualTo(30_000 + 60_000);
    c.h.runUntil(s(89.999));
    assertThat(c.child.state()).isEqualTo(TcpState.TIME_WAIT);
    c.h.runUntil(s(90));
    assertThat(c.child.state()).isEqualTo(TcpState.CLOSE);
    assertThat(c.h.get(MibCounter.TIME_WAITED)).isEqualTo(1);
  }

  /** A retransmitted FIN (seq 1001, before rcv_nxt) is ACKed (seq snd_nxt, ack rcv_nxt) and, carrying an ACK, re-arms. */
  @Test
  void tcpTimewaitStateProcess_retransmittedFinIsAckedAndRestartsTheTimer() {
    Closing c = timeWait(false);
    long outSegs = c.h.get(MibCounter.OUT_SEGS);
    c.h.at(s(20), fromC(TcpFlags.ACK | TcpFlags.FIN, 1001, S + 2, TcpOptions.NONE));
    c.h.runUntil(s(20));
    TcpSegment a = c.reply();
    assertThat(a.flags()).isEqualTo(TcpFlags.ACK);
    assertThat(a.seq()).isEqualTo(S + 2);
    assertThat(a.ack()).isEqualTo(1002);
    assertThat(c.h.get(MibCounter.OUT_SEGS)).isEqualTo(outSegs + 1);
    assertThat(c.jiffiesSinceBoot(c.child.xmitTimerExpires())).isEqualTo(20_000 + 60_000);
    assertThat(c.child.state()).isEqualTo(TcpState.TIME_WAIT);
  }

  /** Data at rcv_nxt is no bare ACK: it gets the TIME_WAIT ACK (ack still 1002) and, carrying ACK, re-arms. */
  @Test
  void tcpTimewaitStateProcess_dataAtRcvNxtIsAckedAndRestartsTheTimer() {
    Closing c = timeWait(false);
    c.h.at(s(20), new TcpSegment(C, 40000, ListenHarness.SERVER, 80, 1002, S + 2, TcpFlags.ACK | TcpFlags.PSH, 5840,
        TcpOptions.NONE, 50));
    c.h.runUntil(s(20));
    assertThat(c.reply().flags()).isEqualTo(TcpFlags.ACK);
    assertThat(c.reply().seq()).isEqualTo(S + 2);
    assertThat(c.reply().ack()).isEqualTo(1002);
    assertThat(c.child.rcvNxt()).isEqualTo(1002);
    assertThat(c.jiffiesSinceBoot(c.child.xmitTimerExpires())).isEqualTo(20_000 + 60_000);
  }

  /** A SYN at or before rcv_nxt without a newer timestamp is an old duplicate: ACKed, and a bare SYN does not re-arm. */
  @Test
  void tcpTimewaitStateProcess_oldSynIsAckedWithoutRestartingTheTimer() {
    Closing c = timeWait(false);
    c.h.at(s(20), fromC(TcpFlags.SYN, 1001, 0, TcpOptions.NONE));
    c.h.runUntil(s(20));
    TcpSegment a = c.reply();
    assertThat(a.flags()).isEqualTo(TcpFlags.ACK);
    assertThat(a.seq()).isEqualTo(S + 2);
    assertThat(a.ack()).isEqualTo(1002);
    assertThat(c.jiffiesSinceBoot(c.child.xmitTimerExpires())).isEqualTo(4 + 60_000);
    assertThat(c.child.state()).isEqualTo(TcpState.TIME_WAIT);
    assertThat(c.h.lopt().qlen()).isZero();
    assertThat(c.h.host.mib().get(SimCounter.SYN_FOR_TIME_WAIT)).isZero();
  }

  /** A SYN carrying ACK is never a new connection, even after rcv_nxt: ACKed, and the timer re-armed. */
  @Test
  void tcpTimewaitStateProcess_synAckIsNotANewConnection() {
    Closing c = timeWait(false);
    c.h.at(s(20), fromC(TcpFlags.SYN | TcpFlags.ACK, 5000, S + 2, TcpOptions.NONE));
    c.h.runUntil(s(20));
    assertThat(c.reply().flags()).isEqualTo(TcpFlags.ACK);
    assertThat(c.reply().ack()).isEqualTo(1002);
    assertThat(c.child.state()).isEqualTo(TcpState.TIME_WAIT);
    assertThat(c.jiffiesSinceBoot(c.child.xmitTimerExpires())).isEqualTo(20_000 + 60_000);
    assertThat(c.h.lopt().qlen()).isZero();
  }

  /** PAWS: a TSval older than ts_recent (103) fails; PAWSEstab +1, an ACK echoing 103, the timer re-armed. */
  @Test
  void tcpTimewaitStateProcess_pawsRejectCountsPawsEstabAcksAndRestartsTheTimer() {
    Closing c = timeWait(true);
    c.h.at(s(20), fromC(TcpFlags.ACK, 1002, S + 2, TcpOptions.NONE.withTimestamp(50, 0)));
    c.h.runUntil(s(20));
    assertThat(c.h.get(MibCounter.PAWS_ESTAB)).isEqualTo(1);
    TcpSegment a = c.reply();
    assertThat(a.flags()).isEqualTo(TcpFlags.ACK);
    assertThat(a.ack()).isEqualTo(1002);
    assertThat(a.options().tsecr()).isEqualTo(103);
    assertThat(c.child.tsRecent()).isEqualTo(103);
    assertThat(c.jiffiesSinceBoot(c.child.xmitTimerExpires())).isEqualTo(20_000 + 60_000);
    assertThat(c.child.state()).isEqualTo(TcpState.TIME_WAIT);
  }

  /** A SYN whose TSval equals ts_recent is not newer: with an old sequence number it is only ACKed. */
  @Test
  void tcpTimewaitStateProcess_synWithAnEqualTimestampIsNotNewer() {
    Closing c = timeWait(true);
    c.h.at(s(20), fromC(TcpFlags.SYN, 900, 0, TcpOptions.mss(1460).withTimestamp(103, 0)));
    c.h.runUntil(s(20));
    assertThat(c.reply().flags()).isEqualTo(TcpFlags.ACK);
    assertThat(c.child.state()).isEqualTo(TcpState.TIME_WAIT);
    assertThat(c.h.lopt().qlen()).isZero();
  }

  /**
   * A SYN with a newer TSval opens a new connection whatever its sequence number: the TIME_WAIT socket
   * is destroyed (not counted in TW), and the listener answers once, with ISN snd_nxt + 65537.
   */
  @Test
  void tcpTimewaitStateProcess_synWithANewerTimestampReopensThePair() {
    Closing c = timeWait(true);
    long outSegs = c.h.get(MibCounter.OUT_SEGS);
    c.h.at(s(20), fromC(TcpFlags.SYN, 900, 0, TcpOptions.mss(1460).withTimestamp(2000, 0)));
    c.h.runUntil(s(20));
    TcpSegment synAck = c.reply();
    assertThat(synAck.flags()).isEqualTo(TcpFlags.SYN | TcpFlags.ACK);
    assertThat(synAck.seq()).isEqualTo(S + 2 + 65537);
    assertThat(synAck.ack()).isEqualTo(901);
    assertThat(c.h.get(MibCounter.OUT_SEGS)).isEqualTo(outSegs + 1);
    assertThat(c.child.state()).isEqualTo(TcpState.CLOSE);
    assertThat(c.child.xmitTimerPending()).isFalse();
    assertThat(c.h.lopt().qlen()).isEqualTo(1);
    assertThat(c.h.host.mib().get(SimCounter.SYN_FOR_TIME_WAIT)).isEqualTo(1);
    assertThat(c.h.host.mib().get(SimCounter.SYN_FOR_PENDING_REQUEST)).isZero();
    assertThat(c.h.get(MibCounter.TIME_WAITED)).isZero();
    c.h.runUntil(s(120));
    assertThat(c.h.get(MibCounter.TIME_WAITED)).isZero();
  }

  /** Without timestamps a new SYN must start after rcv_nxt; tw_snd_nxt + 65537 = 0 is replaced by 1. */
  @Test
  void tcpTimewaitStateProcess_newSynAfterRcvNxtReopens_andAnIsnOfZeroBecomesOne() {
    ListenHarness h = new ListenHarness();
    // snd_nxt in TIME_WAIT is ISN + 2, so ISN + 2 + 65537 = 2^32 with this ISN.
    h.host.setIsnSource((sa, da, sp, dp) -> -65539);
    Closing c = timeWait(h, false, -65539);
    c.h.at(s(20), fromC(TcpFlags.SYN, 1003, 0, TcpOptions.NONE));
    c.h.runUntil(s(20));
    TcpSegment synAck = c.reply();
    assertThat(synAck.flags()).isEqualTo(TcpFlags.SYN | TcpFlags.ACK);
    assertThat(synAck.seq()).isEqualTo(1);
    assertThat(synAck.ack()).isEqualTo(1004);
    assertThat(c.child.state()).isEqualTo(TcpState.CLOSE);
  }

  /** A new SYN with no listener on the port is answered like an old segment: the TIME_WAIT ACK, no re-arm. */
  @Test
  void tcpV4Rcv_newSynForTimeWaitWithoutListenerGetsTheTimeWaitAck() {
    Closing c = timeWait(false);
    c.h.atDo(s(10), () -> c.h.host.close(c.h.listener));
    c.h.at(s(20), fromC(TcpFlags.SYN, 5000, 0, TcpOptions.NONE));
    c.h.runUntil(s(20));
    TcpSegment a = c.reply();
    assertThat(a.flags()).isEqualTo(TcpFlags.ACK);
    assertThat(a.seq()).isEqualTo(S + 2);
    assertThat(a.ack()).isEqualTo(1002);
    assertThat(c.child.state()).isEqualTo(TcpState.TIME_WAIT);
    assertThat(c.jiffiesSinceBoot(c.child.xmitTimerExpires())).isEqualTo(4 + 60_000);
    assertThat(c.h.host.mib().get(SimCounter.SYN_NO_LISTENER)).isZero();
    assertThat(c.h.host.mib().get(SimCounter.SYN_FOR_TIME_WAIT)).isZero();
  }

  /**
   * A connection without timestamps leaves tw_ts_recent_stamp 0, so TIME_WAIT parses no options: a SYN
   * with a (newer-looking) timestamp but an old sequence number is only ACKed.
   */
  @Test
  void tcpCreateOpenreqChild_withoutTimestampsTheTimeWaitIgnoresASynsTimestamp() {
    Closing c = timeWait(false);
    assertThat(c.child.tstampOk()).isFalse();
    c.h.at(s(20), fromC(TcpFlags.SYN, 900, 0, TcpOptions.mss(1460).withTimestamp(5000, 0)));
    c.h.runUntil(s(20));
    assertThat(c.reply().flags()).isEqualTo(TcpFlags.ACK);
    assertThat(c.child.state()).isEqualTo(TcpState.TIME_WAIT);
    assertThat(c.h.lopt().qlen()).isZero();
  }
}

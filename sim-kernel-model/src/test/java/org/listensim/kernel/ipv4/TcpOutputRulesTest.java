package org.listensim.kernel.ipv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.listensim.kernel.ipv4.ScriptedServer.IRS;
import static org.listensim.kernel.ipv4.ScriptedServer.ISS;
import static org.listensim.kernel.ipv4.ScriptedServer.J0;
import static org.listensim.kernel.ipv4.ScriptedServer.PEER_TS;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;

/** Transmit-side rules of net/ipv4/tcp_output.c (2.6.32.9); the client cases use {@link ScriptedServer}. */
class TcpOutputRulesTest {

  /** 65535 << 7: the largest window a scale of 7 can express, the clamp for the route's 4 MiB tcp_rmem[2]. */
  static final int CLAMP7 = 65535 << 7;

  static void assertWindow(int space, int mss, int clamp, boolean wscale, int rcvWnd, int windowClamp, int rcvWscale) {
    TcpOutput.InitialWindow w = TcpOutput.tcpSelectInitialWindow(space, mss, clamp, wscale);
    assertThat(w).as("space %d mss %d clamp %d wscale %s", space, mss, clamp, wscale)
        .isEqualTo(new TcpOutput.InitialWindow(rcvWnd, windowClamp, rcvWscale));
  }

  /** tcp_full_space of the 87380-byte receive buffer with tcp_adv_win_scale 2: 87380 − 87380/4 = 65535. */
  @Test
  void tcpFullSpace_isThreeQuartersOfTheReceiveBuffer() {
    assertThat(TcpOutput.tcpFullSpace()).isEqualTo(65535);
  }

  /**
   * tcp_select_initial_window: the space rounded down to whole MSS, then limited to the RFC 2414 initial
   * window (4 segments up to 1460, 3 up to 4380, else 2) when the MSS exceeds 2^wscale; scale from
   * max(tcp_rmem[2], rmem_max) within the clamp; the clamp limited to 65535 << wscale.
   */
  @Test
  void tcpSelectInitialWindow_rfc2414InitialWindowAndScale() {
    assertWindow(65535, 1448, 0, true, 5792, CLAMP7, 7);
    assertWindow(65535, 1460, 0, false, 5840, 65535, 0);
    assertWindow(65535, 1461, 0, false, 4383, 65535, 0);
    assertWindow(65535, 4380, 0, false, 13140, 65535, 0);
    assertWindow(65535, 4381, 0, false, 8762, 65535, 0);
    // An MSS no larger than 2^wscale: no initial-window limit, only the MSS rounding.
    assertWindow(65535, 100, 0, true, 65500, CLAMP7, 7);
    assertWindow(65535, 128, 0, true, 65408, CLAMP7, 7);
    assertWindow(65535, 129, 0, true, 516, CLAMP7, 7);
    // A space below the initial window stays as rounded.
    assertWindow(3000, 1460, 0, false, 2920, 65535, 0);
    // A window clamp bounds the space and the scale: 65535 needs no scale, 131070 needs 1.
    assertWindow(65535, 1460, 65535, true, 5840, 65535, 0);
    assertWindow(65535, 1460, 131070, true, 5840, 131070, 1);
    // A negative space counts as 0.
    assertWindow(-5, 1460, 0, false, 0, 65535, 0);
  }

  /** TCP_MAXSEG 1000 on the listener: the SYN-ACK advertises MSS 1000 and a window of 4 × 1000. */
  @Test
  void tcpMakeSynack_userMssOfTheListener() {
    ListenHarness h = new ListenHarness();
    h.host.setMaxSeg(h.listener, 1000);
    h.listen(5);
    int peer = Ipv4.parse("10.0.0.1");
    h.at(ListenHarness.ms(1), ListenHarness.syn(peer, 40000, 1000, TcpOptions.mss(1460)));
    h.runUntil(ListenHarness.ms(2));
    TcpSegment synAck = h.sentTo(peer).get(0).seg();
    assertThat(synAck.flags()).isEqualTo(TcpFlags.SYN | TcpFlags.ACK);
    assertThat(synAck.options().mss()).isEqualTo(1000);
    assertThat(synAck.window()).isEqualTo(4000);
  }

  /**
   * A write of 100 bytes goes at once with PSH (the end of the write); close() then queues the FIN in a
   * segment of its own, ACK|FIN without PSH. OutSegs counts SYN, ACK, data, FIN.
   */
  @Test
  void tcpWriteXmit_pshOnTheWritesLastSegmentNotOnABareFin() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    h.atDo(20, () -> {
      h.host.send(h.sk, 100);
      h.host.close(h.sk);
    });
    h.runUntilMs(20);
    List<ScriptedServer.Sent> out = h.sentFrom(20);
    assertThat(out).hasSize(2);
    assertThat(out.get(0).seg().flags()).isEqualTo(TcpFlags.ACK | TcpFlags.PSH);
    assertThat(out.get(0).seg().seq()).isEqualTo(ISS + 1);
    assertThat(out.get(0).seg().payloadLength()).isEqualTo(100);
    assertThat(out.get(1).seg().flags()).isEqualTo(TcpFlags.ACK | TcpFlags.FIN);
    assertThat(out.get(1).seg().seq()).isEqualTo(ISS + 101);
    assertThat(h.mib(MibCounter.OUT_SEGS)).isEqualTo(4);
  }

  /** A peer without window scaling that offers 2896 bytes (two MSS): SYN-ACK of that window, TS. */
  static ScriptedServer smallWindowPeer() {
    ScriptedServer h = new ScriptedServer();
    h.connect();
    h.at(10, h.seg(IRS, ISS + 1, TcpFlags.SYN | TcpFlags.ACK, 2896,
        TcpOptions.mss(1460).withTimestamp(PEER_TS, (int) J0), 0));
    h.runUntilMs(10);
    return h;
  }

  /**
   * 3000 bytes into a 2896-byte window: two full segments; the last 104 bytes wait for the window, and
   * so does the FIN queued behind them. The ACK that opens the window releases both in one segment.
   */
  @Test
  void tcpWriteXmit_windowLimitedTailAndFinLeaveTogetherWhenTheWindowOpens() {
    ScriptedServer h = smallWindowPeer();
    h.atDo(20, () -> {
      h.host.send(h.sk, 3000);
      h.host.close(h.sk);
    });
    h.at(40, h.seg(IRS + 1, ISS + 2897, TcpFlags.ACK, 2896, TcpOptions.NONE.withTimestamp(PEER_TS, (int) J0 + 20), 0));
    h.runUntilMs(30);
    assertThat(h.sentFrom(20).stream().map(s -> s.seg().payloadLength()).toList()).containsExactly(1448, 1448);
    assertThat(h.sk.state()).isEqualTo(TcpState.FIN_WAIT1);
    h.runUntilMs(40);
    List<ScriptedServer.Sent> out = h.sentFrom(40);
    assertThat(out).hasSize(1);
    TcpSegment tail = out.get(0).seg();
    assertThat(tail.seq()).isEqualTo(ISS + 2897);
    assertThat(tail.payloadLength()).isEqualTo(104);
    assertThat(tail.flags()).isEqualTo(TcpFlags.ACK | TcpFlags.PSH | TcpFlags.FIN);
    assertThat(h.mib(MibCounter.OUT_SEGS)).isEqualTo(5);
  }

  /**
   * A FIN occupies sequence space, so a full window holds it back too (tcp_snd_wnd_test): after 2896
   * bytes fill the 2896-byte window the FIN goes only when the ACK opens the window.
   */
  @Test
  void tcpWriteXmit_finWaitsForWindowSpace() {
    ScriptedServer h = smallWindowPeer();
    h.atDo(20, () -> {
      h.host.send(h.sk, 2896);
      h.host.close(h.sk);
    });
    h.at(40, h.seg(IRS + 1, ISS + 2897, TcpFlags.ACK, 2896, TcpOptions.NONE.withTimestamp(PEER_TS, (int) J0 + 20), 0));
    h.runUntilMs(30);
    assertThat(h.sentFrom(20)).hasSize(2);
    h.runUntilMs(40);
    List<ScriptedServer.Sent> out = h.sentFrom(40);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).seg().flags()).isEqualTo(TcpFlags.ACK | TcpFlags.FIN);
    assertThat(out.get(0).seg().seq()).isEqualTo(ISS + 2897);
  }

  /**
   * tcp_retransmit_skb with tcp_retrans_collapse: 100 bytes and the FIN behind them, both lost, come
   * back at the RTO (20 + 210 ms) as one segment of 100 bytes with FIN. RetransSegs +1, TCPTimeouts +1.
   */
  @Test
  void tcpRetransmitSkb_headDataAndTheFinBehindItGoAsOneSegment() {
    ScriptedServer h = new ScriptedServer();
    h.establishAt(10);
    h.atDo(20, () -> {
      h.host.send(h.sk, 100);
      h.host.close(h.sk);
    });
    h.runUntilMs(300);
    List<ScriptedServer.Sent> out = h.sentFrom(21);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).ms()).isEqualTo(230);
    TcpSegment r = out.get(0).seg();
    assertThat(r.seq()).isEqualTo(ISS + 1);
    assertThat(r.payloadLength()).isEqualTo(100);
    assertThat(r.flags()).isEqualTo(TcpFlags.ACK | TcpFlags.PSH | TcpFlags.FIN);
    assertThat(h.mib(MibCounter.RETRANS_SEGS)).isEqualTo(1);
    assertThat(h.mib(MibCounter.TCP_TIMEOUTS)).isEqualTo(1);
    assertThat(h.sk.retransmits()).isEqualTo(1);
    assertThat(h.sk.retransStamp()).isEqualTo((int) J0 + 230);
  }
}

package org.listensim.kernel.ipv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.listensim.kernel.ipv4.ListenHarness.ms;

import org.junit.jupiter.api.Test;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.KernelTrace;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.kernel.Sysctl;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;
import org.listensim.kernel.syncookies.Syncookies;

/** The listener's syncookie path: worked examples E4, E5 and the cookie cases of E8. */
class CookieV4Test {
  private static final int A = Ipv4.parse("10.0.0.1");
  private static final int B = Ipv4.parse("10.0.0.2");

  private static ListenHarness fullTable(boolean syncookies) {
    ListenHarness h = new ListenHarness();
    h.sysctls.set(Sysctl.TCP_SYNCOOKIES, syncookies ? 1 : 0);
    h.listen(5);
    for (int i = 1; i <= 16; i++) {
      h.at(ms(50 * (i - 1)), ListenHarness.syn(Ipv4.parse("198.51.100." + i), 20000, i, TcpOptions.NONE));
    }
    return h;
  }

  private static TcpSegment ackFor(int addr, int isn, int cookie, TcpOptions o) {
    return new TcpSegment(addr, 40000, ListenHarness.SERVER, 80, isn + 1, cookie + 1, TcpFlags.ACK, 46, o, 0);
  }

  private static TcpSegment lastTo(ListenHarness h, int addr) {
    var l = h.sentTo(addr);
    return l.get(l.size() - 1).seg();
  }

  /** E4: the E3 flood with syncookies on; the legitimate client gets in through a cookie. */
  @Test
  void cookieV4Check_floodWithSyncookies_E4() {
    ListenHarness h = new ListenHarness();
    h.sysctls.set(Sysctl.TCP_SYNCOOKIES, 1);
    h.listen(5);
    for (int k = 1; ms(50L * (k - 1)) <= ms(59950); k++) {
      int x = (k - 1) % 250 + 1;
      h.at(ms(50L * (k - 1)),
          ListenHarness.syn(Ipv4.parse("198.51.100." + x), 20000 + (k - 1) / 250, k, TcpOptions.NONE));
    }
    ListenHarness.Peer legit = h.client(A, 40000, 1000, ms(10003));
    h.runUntil(ms(31003));
    assertThat(legit.synAcks).isEqualTo(1);
    TcpSegment cookieSynack = h.sentTo(A).get(0).seg();
    assertThat(cookieSynack.options().mss()).isEqualTo(1460);
    assertThat(cookieSynack.options().wscale()).isEqualTo(-1);
    assertThat(cookieSynack.options().sackOk()).isFalse();
    assertThat(h.listener.acceptQueue()).extracting(TcpSock::peer).containsExactly("10.0.0.1:40000");
    TcpSock child = h.listener.acceptQueue().get(0);
    assertThat(child.mssClamp()).isEqualTo(1460);
    assertThat(child.wscaleOk()).isFalse();
    assertThat(child.sackOk()).isFalse();

    assertThat(h.get(MibCounter.IN_SEGS)).isEqualTo(623);
    assertThat(h.get(MibCounter.SYNCOOKIES_SENT)).isEqualTo(601);
    assertThat(h.get(MibCounter.SYNCOOKIES_RECV)).isEqualTo(1);
    assertThat(h.get(MibCounter.SYNCOOKIES_FAILED)).isZero();
    assertThat(h.get(MibCounter.PASSIVE_OPENS)).isEqualTo(1);
    assertThat(h.get(MibCounter.CURR_ESTAB)).isEqualTo(1);
    assertThat(h.get(MibCounter.OUT_SEGS)).isEqualTo(670);
    assertThat(h.host.mib().get(SimCounter.SYN_REQUEST_QUEUED)).isEqualTo(21);
  }

  /**
   * E5: B's cookie ACK 2 s after the last overflow passes; A's, 4 s after, fails with RST seq = C_A+1
   * and SyncookiesFailed. Boundary: last overflow + 3000 jiffies passes, + 3001 fails.
   */
  @Test
  void cookieV4Check_recentOverflowWindow_E5() {
    ListenHarness h = fullTable(true);
    h.at(ms(800), ListenHarness.syn(A, 40000, 1000, TcpOptions.mss(1460)));
    h.at(ms(1000), ListenHarness.syn(B, 40000, 2000, TcpOptions.mss(1460)));
    h.runUntil(ms(1000));
    int ca = h.sentTo(A).get(0).seg().seq();
    int cb = h.sentTo(B).get(0).seg().seq();
    assertThat(h.get(MibCounter.SYNCOOKIES_SENT)).isEqualTo(2);
    assertThat(h.listener.lastOverflow() - h.clock.initialJiffies()).isEqualTo(1000);

    h.at(ms(3000), ackFor(B, 2000, cb, TcpOptions.NONE));
    h.at(ms(5000), ackFor(A, 1000, ca, TcpOptions.NONE));
    h.runUntil(ms(5000));
    assertThat(h.get(MibCounter.SYNCOOKIES_RECV)).isEqualTo(1);
    assertThat(h.get(MibCounter.PASSIVE_OPENS)).isEqualTo(1);
    assertThat(h.get(MibCounter.SYNCOOKIES_FAILED)).isEqualTo(1);
    TcpSegment rst = lastTo(h, A);
    assertThat(rst.flags()).isEqualTo(TcpFlags.RST);
    assertThat(rst.seq()).isEqualTo(ca + 1);
    assertThat(h.get(MibCounter.OUT_RSTS)).isEqualTo(1);
  }

  @Test
  void tcpSynqNoRecentOverflow_boundaryAt3000Jiffies() {
    for (int delay : new int[] {3000, 3001}) {
      ListenHarness h = fullTable(true);
      h.at(ms(1000), ListenHarness.syn(A, 40000, 1000, TcpOptions.mss(1460)));
      h.runUntil(ms(1000));
      int ca = h.sentTo(A).get(0).seg().seq();
      h.at(ms(1000 + delay), ackFor(A, 1000, ca, TcpOptions.NONE));
      h.runUntil(ms(1000 + delay));
      assertThat(h.get(MibCounter.SYNCOOKIES_RECV)).as("+%d", delay).isEqualTo(delay == 3000 ? 1 : 0);
      assertThat(h.get(MibCounter.SYNCOOKIES_FAILED)).as("+%d", delay).isEqualTo(delay == 3000 ? 0 : 1);
    }
  }

  /** A full accept queue at check time: SyncookiesRecv, overflow counted, ACK dropped, no RST even with abort_on_overflow 1. */
  @Test
  void cookieV4Check_acceptQueueFull_noRstEvenWithAbortOnOverflow() {
    ListenHarness h = fullTable(true);
    h.sysctls.set(Sysctl.TCP_ABORT_ON_OVERFLOW, 1);
    // A gets its cookie first; then six clients fill the backlog-5 accept queue through cookies of
    // their own. (Once it is full, new SYNs are dropped while more than one request is young.)
    h.at(ms(790), ListenHarness.syn(A, 40000, 1000, TcpOptions.mss(1460)));
    for (int i = 1; i <= 6; i++) {
      h.client(Ipv4.parse("10.0.1." + i), 40000, 100 * i, ms(800 + i));
    }
    h.runUntil(ms(900));
    assertThat(h.listener.ackBacklog()).isEqualTo(6);
    int ca = h.sentTo(A).get(0).seg().seq();
    int before = h.sent.size();
    h.at(ms(950), ackFor(A, 1000, ca, TcpOptions.NONE));
    h.runUntil(ms(950));
    assertThat(h.get(MibCounter.SYNCOOKIES_RECV)).isEqualTo(7);
    assertThat(h.get(MibCounter.LISTEN_OVERFLOWS)).isEqualTo(1);
    assertThat(h.get(MibCounter.LISTEN_DROPS)).isEqualTo(1);
    assertThat(h.get(MibCounter.EMBRYONIC_RSTS)).isZero();
    assertThat(h.sent).hasSize(before);
  }

  /** E8's last row: a stray ACK with syncookies on and no recent overflow: SyncookiesFailed and RST. */
  @Test
  void cookieV4Check_strayAckCountsSyncookiesFailed() {
    ListenHarness h = new ListenHarness();
    h.sysctls.set(Sysctl.TCP_SYNCOOKIES, 1);
    h.listen(5);
    h.at(ms(500), new TcpSegment(Ipv4.parse("10.0.0.9"), 5555, ListenHarness.SERVER, 80, 1, 12345,
        TcpFlags.ACK, 100, TcpOptions.NONE, 0));
    h.runUntil(ms(500));
    assertThat(h.get(MibCounter.SYNCOOKIES_FAILED)).isEqualTo(1);
    assertThat(h.sent.get(0).seg().seq()).isEqualTo(12345);
    assertThat(h.get(MibCounter.OUT_RSTS)).isEqualTo(1);
  }

  /** A corrupted cookie (ack + 2^16) is refused even within the overflow window. */
  @Test
  void cookieV4Check_corruptedAckIsRefused() {
    ListenHarness h = fullTable(true);
    h.at(ms(800), ListenHarness.syn(A, 40000, 1000, TcpOptions.mss(1460)));
    h.runUntil(ms(800));
    int ca = h.sentTo(A).get(0).seg().seq();
    h.at(ms(900), ackFor(A, 1000, ca + 0x10000, TcpOptions.NONE));
    h.runUntil(ms(900));
    assertThat(h.get(MibCounter.SYNCOOKIES_FAILED)).isEqualTo(1);
    assertThat(h.get(MibCounter.SYNCOOKIES_RECV)).isZero();
  }

  /**
   * With timestamps the cookie SYN-ACK's TSval carries the scales and SACK in its low 9 bits, and the
   * ACK's TSecr gives them back: the child gets window scale 7/7 and SACK. MSS 1400 is rounded down to
   * the cookie table's 1024.
   */
  @Test
  void cookieCheckTimestamp_restoresScaleAndSack() {
    ListenHarness h = fullTable(true);
    h.at(ms(800), ListenHarness.syn(A, 40000, 1000,
        TcpOptions.mss(1400).withSackOk(true).withTimestamp(5000, 0).withWscale(7)));
    h.runUntil(ms(800));
    TcpSegment sa = h.sentTo(A).get(0).seg();
    assertThat(sa.options().tsval() & 0x1FF).isEqualTo(0x177);
    assertThat(Integer.compareUnsigned(sa.options().tsval(), h.clock.tcpTimeStamp())).isLessThanOrEqualTo(0);
    assertThat(sa.options().wscale()).isEqualTo(7);
    h.at(ms(801), ackFor(A, 1000, sa.seq(), TcpOptions.NONE.withTimestamp(5001, sa.options().tsval())));
    h.runUntil(ms(801));
    TcpSock child = h.listener.acceptQueue().get(0);
    assertThat(child.wscaleOk()).isTrue();
    assertThat(child.sndWscale()).isEqualTo(7);
    assertThat(child.rcvWscale()).isEqualTo(7);
    assertThat(child.sackOk()).isTrue();
    assertThat(child.tstampOk()).isTrue();
    assertThat(child.mssClamp()).isEqualTo(1024);
    assertThat(Syncookies.cookieMss(1400)).isEqualTo(1024);
  }

  /** "possible SYN flooding on port 80. Sending cookies." once per 60 s. */
  @Test
  void synFloodWarning_isRateLimitedTo60Seconds() {
    java.util.List<String> lines = new java.util.ArrayList<>();
    org.listensim.core.Simulator sim = new org.listensim.core.Simulator(1, (t, r) -> {
      if (r instanceof KernelTrace.Klog k) {
        lines.add(t / 1_000_000 + " " + k.message());
      }
    });
    ListenHarness traced = new ListenHarness(sim);
    traced.sysctls.set(Sysctl.TCP_SYNCOOKIES, 1);
    traced.listen(5);
    for (int k = 1; k <= 1400; k++) {
      traced.at(ms(50L * (k - 1)), ListenHarness.syn(Ipv4.parse("198.51.100." + ((k - 1) % 250 + 1)),
          20000 + (k - 1) / 250, k, TcpOptions.NONE));
    }
    traced.runUntil(ms(70000));
    assertThat(lines).containsExactly(
        "800 possible SYN flooding on port 80. Sending cookies.",
        "60850 possible SYN flooding on port 80. Sending cookies.");
  }
}

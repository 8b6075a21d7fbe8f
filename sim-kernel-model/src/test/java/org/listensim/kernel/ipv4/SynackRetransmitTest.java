package org.listensim.kernel.ipv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.listensim.kernel.ipv4.ListenHarness.ms;
import static org.listensim.kernel.ipv4.ListenHarness.s;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.kernel.Sysctl;
import org.listensim.kernel.TcpOptions;

/**
 * {@code inet_csk_reqsk_queue_prune}: SYN-ACK retransmission by the listener's sweeping timer, for a
 * request nobody answers (worked example E6 and variations).
 *
 * <p>How the expected times are worked out by hand (HZ 1000, backlog 5: table 16, budget 2·⌊16/15⌋ = 2
 * buckets per 200 ms tick, so 8 ticks = 1.6 s per sweep). A SYN from 10.0.0.1:40000 at t = 0 lands in
 * bucket 6 (hash_rnd 0) and arms the timer for 3.000. The first tick scans buckets 0–1 at 3.000, 2–3 at
 * 3.200, 4–5 at 3.400, 6–7 at 3.600: bucket 6 is seen at 3.6 + 1.6·k. Each retransmission at T sets
 * expires = T + 3 s · 2^retrans; the next one happens at the first visit at or after it:
 * 3.6 + 6 = 9.6 → 10.0; 10.0 + 12 = 22.0 → 22.8; 22.8 + 24 = 46.8 → 46.8; 46.8 + 48 = 94.8 → 94.8;
 * 94.8 + 96 = 190.8 → the request expires at 190.8 (retrans 5 ≥ tcp_synack_retries 5).
 */
class SynackRetransmitTest {
  private static final int C1 = Ipv4.parse("10.0.0.1");

  private static List<Long> synackTimes(ListenHarness h) {
    return h.sentTo(C1).stream().map(ListenHarness.Sent::t).toList();
  }

  private static ListenHarness silentRequest(int hz, int synackRetries) {
    ListenHarness h = new ListenHarness(hz);
    h.sysctls.set(Sysctl.TCP_SYNACK_RETRIES, synackRetries);
    h.listen(5);
    h.at(0, ListenHarness.syn(C1, 40000, 1000, TcpOptions.mss(1460)));
    return h;
  }

  @Test
  void inetCskReqskQueuePrune_neverAckedRequest_synackRetries5_E6() {
    ListenHarness h = silentRequest(1000, 5);
    h.runUntil(ms(5100));
    RequestSock r = h.lopt().bucket(6).get(0);
    assertThat(r.retrans()).isEqualTo(1);
    assertThat(r.expires() - h.clock.initialJiffies()).isEqualTo(9600);
    h.runUntil(s(300));
    assertThat(synackTimes(h)).containsExactly(0L, ms(3600), ms(10000), ms(22800), ms(46800), ms(94800));
    assertThat(h.get(MibCounter.IN_SEGS)).isEqualTo(1);
    assertThat(h.get(MibCounter.OUT_SEGS)).isEqualTo(6);
    assertThat(h.get(MibCounter.RETRANS_SEGS)).isZero();
    assertThat(h.lopt().qlen()).isZero();
    assertThat(h.listener.synTimerPending()).isFalse();
    // Ticks every 200 ms from 3.000 to 190.800: 940 of them, then the timer stays off.
    assertThat(h.sim.eventsDispatched()).isEqualTo(1 + 940);
  }

  /** tcp_synack_retries 2: 0, 3.6, 10.0, then expiry at the first visit after 10.0 + 12 = 22.0. */
  @Test
  void inetCskReqskQueuePrune_neverAckedRequest_synackRetries2() {
    ListenHarness h = silentRequest(1000, 2);
    h.runUntil(ms(22799));
    assertThat(h.lopt().qlen()).isEqualTo(1);
    h.runUntil(ms(22800));
    assertThat(h.lopt().qlen()).isZero();
    h.runUntil(s(300));
    assertThat(synackTimes(h)).containsExactly(0L, ms(3600), ms(10000));
    assertThat(h.host.mib().get(SimCounter.REQUEST_EXPIRED)).isEqualTo(1);
  }

  /**
   * HZ 100: 1 jiffy = 10 ms, TCP_SYNQ_INTERVAL 20 jiffies, TCP_TIMEOUT_INIT 300; the schedule in
   * seconds is the same as at HZ 1000 because every constant scales with HZ.
   */
  @Test
  void inetCskReqskQueuePrune_hz100() {
    ListenHarness h = silentRequest(100, 5);
    h.runUntil(s(300));
    assertThat(synackTimes(h)).containsExactly(0L, ms(3600), ms(10000), ms(22800), ms(46800), ms(94800));
    assertThat(h.sim.eventsDispatched()).isEqualTo(1 + 940);
  }

  /** TCP_SYNCNT on the listener replaces tcp_synack_retries. */
  @Test
  void inetCskReqskQueuePrune_tcpSyncntOverridesTheSysctl() {
    ListenHarness h = new ListenHarness();
    h.listen(5);
    assertThat(h.host.setSynCount(h.listener, 1)).isZero();
    assertThat(h.host.setSynCount(h.listener, 128)).isEqualTo(-Errno.EINVAL.number());
    h.at(0, ListenHarness.syn(C1, 40000, 1000, TcpOptions.mss(1460)));
    h.runUntil(s(300));
    // 0, 3.6; then 3.6 + 6 = 9.6 -> visit 10.0 finds retrans 1 >= 1: expired.
    assertThat(synackTimes(h)).containsExactly(0L, ms(3600));
    assertThat(h.lopt().qlen()).isZero();
  }

  /**
   * The crowding reduction: with 16 requests in a 16-entry table (at least half full) and none young,
   * thresh falls from 5 to 2, so the requests expire at their third due time instead of their sixth.
   * 16 spoofed SYNs 50 ms apart fill buckets 10,0,15,14,13,4,2,15,0,13,3,2,12,14,3,2 (E3); the first
   * expiry is 198.51.100.6 (bucket 4) at 22.6 s, as E3 says.
   */
  @Test
  void inetCskReqskQueuePrune_threshFallsWhenOldRequestsCrowdTheTable() {
    ListenHarness h = new ListenHarness();
    h.listen(5);
    for (int i = 1; i <= 16; i++) {
      h.at(ms(50 * (i - 1)), ListenHarness.syn(Ipv4.parse("198.51.100." + i), 20000, i, TcpOptions.NONE));
    }
    h.runUntil(ms(750));
    assertThat(h.lopt().qlen()).isEqualTo(16);
    assertThat(h.lopt().qlenYoung()).isEqualTo(16);
    h.runUntil(ms(4800));
    assertThat(h.lopt().qlenYoung()).isZero();
    h.runUntil(ms(22599));
    assertThat(h.lopt().qlen()).isEqualTo(16);
    h.runUntil(ms(22600));
    assertThat(h.lopt().qlen()).isEqualTo(15);
    assertThat(h.lopt().bucket(4)).isEmpty();
    // Expiry at thresh 2 continues only while the table stays at least half full (qlen >= 8): nine
    // requests go after 2 retransmissions, then thresh is back at 5 for the seven left, which expire
    // after 5. SYN-ACKs: 16 first + 9 x 2 + 7 x 5 = 69.
    h.runUntil(s(60));
    assertThat(h.lopt().qlen()).isEqualTo(7);
    h.runUntil(s(300));
    assertThat(h.lopt().qlen()).isZero();
    assertThat(h.get(MibCounter.OUT_SEGS)).isEqualTo(69);
  }
}
